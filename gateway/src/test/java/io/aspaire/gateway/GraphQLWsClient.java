package io.aspaire.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A graphql-transport-ws client for the tests (the protocol as the graphql-ws library speaks it). */
final class GraphQLWsClient implements AutoCloseable {

    final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    volatile String closeReason;

    private GraphQLWsClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.closeHandler(v -> {
            closeReason = socket.closeReason();
            closed.complete(socket.closeStatusCode());
        });
    }

    static GraphQLWsClient connect(Vertx vertx) {
        return connect(vertx, List.of("graphql-transport-ws"));
    }

    static GraphQLWsClient connect(Vertx vertx, List<String> subProtocols) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                .setURI("/graphql");
        subProtocols.forEach(options::addSubProtocol);
        // handlers are set on the event loop as the socket opens: a close right after the upgrade is seen too
        CompletableFuture<GraphQLWsClient> connected = new CompletableFuture<>();
        vertx.createWebSocketClient().connect(options).onSuccess(socket -> connected.complete(new GraphQLWsClient(socket)))
                .onFailure(connected::completeExceptionally);
        try {
            return connected.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** connection_init with {@code Authorization: Bearer token} (none when token is null); returns the answer. */
    JsonObject init(String token) {
        sendInit(token);
        return next(Duration.ofSeconds(10));
    }

    /** connection_init without waiting for the answer (a refused token gets none: the socket closes). */
    void sendInit(String token) {
        JsonObject payload = new JsonObject();
        if (token != null) {
            payload.put("Authorization", "Bearer " + token);
        }
        send(new JsonObject().put("type", "connection_init").put("payload", payload));
    }

    void subscribe(String id, String query, Map<String, Object> variables) {
        send(new JsonObject().put("id", id).put("type", "subscribe").put("payload",
                new JsonObject().put("query", query).put("variables", new JsonObject(variables))));
    }

    void complete(String id) {
        send(new JsonObject().put("id", id).put("type", "complete"));
    }

    void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
    }

    /** The next message, or null when none arrives in time. */
    JsonObject next(Duration timeout) {
        try {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The close code, waiting at most {@code timeout}. */
    Short closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    int received() {
        return messages.size();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
