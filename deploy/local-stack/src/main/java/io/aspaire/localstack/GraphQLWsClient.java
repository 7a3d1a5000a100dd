package io.aspaire.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A graphql-transport-ws client for tests of subgraph subscriptions (the protocol the gateway speaks to subgraphs):
 * the token on the upgrade request and in {@code connection_init}, as the gateway sends it. Plain JDK WebSocket, so no
 * service needs a client library for it; messages are handed over as JSON text, pings left out.
 */
public final class GraphQLWsClient implements AutoCloseable {

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private WebSocket socket;

    private GraphQLWsClient() {
    }

    /** Connects to {@code ws://localhost:<port>/graphql} and waits for {@code connection_ack}. */
    public static GraphQLWsClient open(int port, String token) throws Exception {
        GraphQLWsClient client = new GraphQLWsClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), client.listener())
                .get(10, TimeUnit.SECONDS);
        client.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}");
        String ack = client.next(Duration.ofSeconds(10));
        if (ack == null || !ack.contains("\"connection_ack\"")) {
            throw new IllegalStateException("no connection_ack: " + ack);
        }
        return client;
    }

    /** Starts operation {@code id}; {@code variablesJson} a JSON object (or null). */
    public void subscribe(String id, String query, String variablesJson) {
        send("{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"" + escape(query) + "\""
                + (variablesJson == null ? "" : ",\"variables\":" + variablesJson) + "}}");
    }

    /** Ends operation {@code id} from the client's side. */
    public void complete(String id) {
        send("{\"id\":\"" + id + "\",\"type\":\"complete\"}");
    }

    /** The next message other than a ping, as JSON text; null if none comes within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || !message.replace(" ", "").contains("\"type\":\"ping\"")) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }

    private void send(String text) {
        socket.sendText(text, true).join();
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
