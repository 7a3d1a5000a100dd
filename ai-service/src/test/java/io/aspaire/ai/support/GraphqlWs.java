package io.aspaire.ai.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A graphql-transport-ws client on /graphql, the token on the upgrade request as the gateway sends it. */
public final class GraphqlWs implements AutoCloseable {

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

    private GraphqlWs(WebSocket socket) {
        this.socket = socket;
    }

    public static GraphqlWs open(Vertx vertx, String token) throws Exception {
        CompletableFuture<GraphqlWs> opened = new CompletableFuture<>();
        vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("localhost")
                .setPort(RestAssured.port).setURI("/graphql").addSubProtocol("graphql-transport-ws")
                .addHeader("Authorization", "Bearer " + token)).onSuccess(socket -> {
                    GraphqlWs client = new GraphqlWs(socket);
                    socket.textMessageHandler(text -> client.messages.add(new JsonObject(text)));
                    opened.complete(client);
                }).onFailure(opened::completeExceptionally);
        GraphqlWs client = opened.get(10, TimeUnit.SECONDS);
        client.socket.writeTextMessage(new JsonObject().put("type", "connection_init")
                .put("payload", new JsonObject().put("Authorization", "Bearer " + token)).encode());
        JsonObject ack = client.next(Duration.ofSeconds(10));
        assertEquals("connection_ack", ack == null ? null : ack.getString("type"));
        return client;
    }

    public void subscribe(String id, String query, JsonObject variables) {
        socket.writeTextMessage(new JsonObject().put("id", id).put("type", "subscribe")
                .put("payload", new JsonObject().put("query", query).put("variables", variables)).encode());
    }

    /** The next message other than ping/pong, or null when none came within {@code timeout}. */
    public JsonObject next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null || !("ping".equals(message.getString("type"))
                    || "pong".equals(message.getString("type")))) {
                return message;
            }
        }
    }

    /** The next message of subscription {@code id} (others', e.g. an earlier one's complete, are skipped). */
    public JsonObject next(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject message = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (message == null || id.equals(message.getString("id"))) {
                return message;
            }
        }
    }

    /** The first error's code of an error message ({@code error}, or {@code next} carrying errors); else null. */
    public static String errorCode(JsonObject message) {
        Object payload = message.getValue("payload");
        JsonArray errors = payload instanceof JsonArray array ? array
                : payload instanceof JsonObject object ? object.getJsonArray("errors") : null;
        if (errors == null || errors.isEmpty()) {
            return null;
        }
        JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions");
        return extensions == null ? null : extensions.getString("code");
    }

    @Override
    public void close() {
        socket.close();
    }
}
