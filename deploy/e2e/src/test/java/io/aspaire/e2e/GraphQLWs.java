package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A graphql-transport-ws client on the JDK's WebSocket (the protocol of the graphql-ws library that Apollo Client,
 * urql and GraphiQL use): {@code connection_init} with the token in its payload, {@code subscribe}, and every message
 * the server sends, in order; the close code and reason when the server closes.
 */
final class GraphQLWs implements WebSocket.Listener, AutoCloseable {

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    private WebSocket socket;

    /** Connects to {@code gatewayUrl}/graphql and initialises the connection; fails unless it is acknowledged. */
    static GraphQLWs connect(String gatewayUrl, String token) throws Exception {
        GraphQLWs client = open(gatewayUrl);
        client.init(token);
        JsonNode ack = client.next(Duration.ofSeconds(10));
        if (ack == null || !"connection_ack".equals(ack.path("type").asText())) {
            throw new IllegalStateException("no connection_ack: " + ack + ", closed " + client.closeCode.getNow(null)
                    + " " + client.closeReason);
        }
        return client;
    }

    static GraphQLWs open(String gatewayUrl) throws Exception {
        GraphQLWs client = new GraphQLWs();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/graphql"), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    void init(String token) {
        send(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token)));
    }

    void subscribe(String id, String query) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("query", query);
        send(Map.of("id", id, "type", "subscribe", "payload", payload));
    }

    /**
     * {@code subscribe} with a payload given as JSON text ({@code query}, {@code variables}, {@code operationName}),
     * sent as it is: hostile payloads hold text that a JSON library would refuse to write (unpaired surrogates).
     */
    void subscribeRaw(String id, String payloadJson) throws Exception {
        sendText("{\"id\":" + JSON.writeValueAsString(id) + ",\"type\":\"subscribe\",\"payload\":" + payloadJson + "}");
    }

    /**
     * Sends {@code ping} and returns the messages that came before the {@code pong} (none, usually), or null when no
     * pong came in time: a connection that still answers is alive, however silent its subscriptions are.
     */
    java.util.List<JsonNode> untilPong(Duration timeout) throws InterruptedException {
        send(Map.of("type", "ping"));
        java.util.List<JsonNode> before = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JsonNode message = poll(deadline); message != null; message = poll(deadline)) {
            if (message.path("type").asText().equals("pong")) {
                return before;
            }
            before.add(message);
        }
        return null;
    }

    void complete(String id) {
        send(Map.of("id", id, "type", "complete"));
    }

    private void send(Map<String, Object> message) {
        try {
            sendText(JSON.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next message other than ping/pong, or null when none arrives in time. */
    JsonNode next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JsonNode message = poll(deadline); message != null; message = poll(deadline)) {
            if (!message.path("type").asText().equals("pong")) {
                return message;
            }
        }
        return null;
    }

    /** The next message other than ping (answered with pong) before the deadline, or null. */
    private JsonNode poll(long deadline) throws InterruptedException {
        while (true) {
            JsonNode message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || !message.path("type").asText().equals("ping")) {
                return message;
            }
            send(Map.of("type", "pong"));
        }
    }

    Integer closedWith(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                messages.add(JSON.createObjectNode().put("type", "unreadable").put("text", partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = String.valueOf(error);
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }
}
