package io.aspaire.ai.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A JDK WebSocket client of /openai/ws for the tests: collects the server's JSON frames and how the socket closed. */
public final class ChatClient implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    public volatile boolean closed;
    public volatile int closeCode;
    public WebSocket socket;

    /** Opens a socket to {@code target}, with an {@code Authorization: Bearer} header when {@code bearer} is given. */
    public static ChatClient connect(URI target, String bearer) throws Exception {
        ChatClient client = new ChatClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        client.socket = builder.buildAsync(target, client).get();
        return client;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closed = true;
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) { // a message may arrive in several frames
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next server frame (fails if the socket closes first). */
    public JsonNode next() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty() || closed);
        assertTrue(!frames.isEmpty(), "closed with " + closeCode + " instead of answering");
        return frames.remove(0);
    }

    /** Returns (and consumes) the frames up to the first one of the given type. */
    public List<JsonNode> until(String type) {
        await().atMost(Duration.ofSeconds(15)).until(() -> frames.stream()
                .anyMatch(f -> f.get("type").asText().equals(type)));
        int end = 0;
        while (!frames.get(end).get("type").asText().equals(type)) {
            end++;
        }
        List<JsonNode> taken = List.copyOf(frames.subList(0, end + 1));
        for (int i = 0; i <= end; i++) {
            frames.remove(0);
        }
        return taken;
    }

    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Override
    public String toString() {
        return frames.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
    }
}
