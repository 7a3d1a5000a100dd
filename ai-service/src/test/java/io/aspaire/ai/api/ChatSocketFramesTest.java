package io.aspaire.ai.api;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aspaire.ai.support.WireMockOpenAi.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.support.ChatClient;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every malformed frame on /openai/ws gets an error frame and the socket stays open: JSON that is not an object,
 * missing or wrongly typed fields, control characters, binary frames, and messages over the 64 KB limit (never a
 * 1011 close). After each, a good message still gets its answer on the same socket.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class ChatSocketFramesTest {

    @TestHTTPResource("/openai/ws")
    URI uri;
    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void reset() {
        server().resetAll();
        server().stubFor(post(urlEqualTo(WireMockOpenAi.PATH)).willReturn(WireMockOpenAi.stream("ok")));
    }

    @Test
    void malformedFramesGetAnErrorFrameAndTheSocketStaysOpen() throws Exception {
        ChatClient client = connect();
        List<String> malformed = List.of("null", "[]", "[1,2]", "123", "\"x\"", "true", "", " ", "{", "{\"text\":",
                "{}", "{\"type\":null}", "{\"text\":null}", "{\"text\":5}", "{\"text\":true}", "{\"text\":[\"a\"]}",
                "{\"text\":{\"a\":1}}", "{\"type\":5,\"text\":\"hi\"}", "{\"type\":\"auth\"}",
                "{\"type\":\"auth\",\"token\":7}", "{\"text\":\"hi\",\"jobId\":5}",
                "{\"text\":\"hi\",\"conversationId\":\"not-a-uuid\"}", "{\"text\":\"\\u0000\"}",
                "{\"text\":\"a\\u0000b\"}", "{\"type\":\"mess\\u0000age\",\"text\":\"hi\"}",
                "{\"text\":\"hi\",\"jobId\":\"\\u0000\"}", "{\"text\":\"\\u001b[2J\"}", "{\"text\":\"\\ud800\"}",
                "[".repeat(5000), "{\"text\":\"" + "x".repeat(8001) + "\"}");
        for (String frame : malformed) {
            client.send(frame);
            JsonNode error = client.next();
            assertEquals("error", error.get("type").asText(), "frame " + abbreviated(frame) + " -> " + error);
            assertTrue(List.of("BAD_REQUEST", "UNAUTHENTICATED").contains(error.get("code").asText()),
                    "frame " + abbreviated(frame) + " -> " + error);
            assertTrue(!error.get("message").asText().contains("io.") && !error.get("message").asText()
                    .contains("Exception"), error.toString());
            assertTrue(!client.closed, "the socket was closed by " + abbreviated(frame) + ": " + client.closeCode);
        }
        server().verify(0, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
        assertStillAnswers(client);
    }

    @Test
    void binaryFramesGetAnErrorFrame() throws Exception {
        ChatClient client = connect();
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] { 0, 1, 2 }), true).join();
        assertEquals("BAD_REQUEST", client.next().get("code").asText());
        assertStillAnswers(client);
    }

    @Test
    void messagesOverTheSizeLimitGetAnErrorFrameNot1011() throws Exception {
        ChatClient client = connect();
        for (int size : new int[] { 65_537, 300 * 1024, 2 * 1024 * 1024 }) {
            client.send("{\"text\":\"" + "x".repeat(size) + "\"}");
            JsonNode error = client.next();
            assertEquals("PAYLOAD_TOO_LARGE", error.get("code").asText(), size + " bytes -> " + error);
            assertTrue(error.get("message").asText().contains("65536 bytes"), error.toString());
            assertTrue(!client.closed, size + " bytes closed the socket: " + client.closeCode);
            assertStillAnswers(client);
        }
        // just under the limit is a normal frame (its text is then too long for a chat message: BAD_REQUEST)
        client.send("{\"text\":\"" + "x".repeat(65_000) + "\"}");
        assertEquals("BAD_REQUEST", client.next().get("code").asText());
        assertStillAnswers(client);
    }

    private static String abbreviated(String frame) {
        return frame.length() > 40 ? frame.substring(0, 40) + "... (" + frame.length() + " chars)" : frame;
    }

    private ChatClient connect() throws Exception {
        URI target = URI.create("ws://" + uri.getHost() + ":" + uri.getPort() + uri.getPath());
        return ChatClient.connect(target, TestJwt.forUser(UUID.randomUUID()));
    }

    /** A good message still gets its streamed answer on the same socket. */
    private static void assertStillAnswers(ChatClient client) {
        client.send("{\"text\":\"hello\"}");
        JsonNode frame;
        do {
            frame = client.next();
        } while (frame.get("type").asText().equals("token"));
        assertEquals("done", frame.get("type").asText(), frame.toString());
        assertEquals("ok", frame.get("text").asText());
    }
}
