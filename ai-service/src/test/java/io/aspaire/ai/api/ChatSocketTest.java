package io.aspaire.ai.api;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aspaire.ai.support.WireMockOpenAi.server;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.domain.ConversationDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.support.ChatClient;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** /openai/ws: JWT auth three ways, tokens streamed in order, conversation stored and continued, bad frames. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class ChatSocketTest {

    @TestHTTPResource("/openai/ws")
    URI uri;
    @Inject
    ObjectMapper mapper;
    @Inject
    ReadModels readModels;

    @BeforeEach
    void reset() {
        server().resetAll();
    }

    @Test
    void anAnswerStreamsInOrderIsStoredAndTheConversationContinues() throws Throwable {
        UUID user = UUID.randomUUID();
        JobDoc job = TestData.job(readModels, "Staff Engineer", "Acme", "Lead the platform team");
        server().stubFor(post(urlEqualTo(WireMockOpenAi.PATH)).withRequestBody(matchingJsonPath("$.stream",
                equalTo("true"))).willReturn(WireMockOpenAi.stream("Focus ", "on ", "platform ", "leadership.")));

        ChatClient client = ChatClient.connect(wsUri(null), TestJwt.forUser(user));
        client.send("{\"type\":\"message\",\"text\":\"How do I prepare?\",\"jobId\":\"" + job.id + "\"}");
        List<JsonNode> frames = client.until("done");
        List<String> tokens = frames.stream().filter(f -> f.get("type").asText().equals("token"))
                .map(f -> f.get("text").asText()).toList();
        assertEquals(List.of("Focus ", "on ", "platform ", "leadership."), tokens);
        JsonNode done = frames.get(frames.size() - 1);
        assertEquals("Focus on platform leadership.", done.get("text").asText());
        String conversationId = done.get("conversationId").asText();
        // the job reached the model as fenced context
        server().verify(postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)).withRequestBody(containing("<job>"))
                .withRequestBody(containing("Lead the platform team")));

        ConversationDoc stored = TestData.mongo(() -> ConversationDoc.findById(conversationId));
        assertEquals(user.toString(), stored.userId);
        assertEquals(List.of("user", "assistant"), stored.messages.stream().map(m -> m.role).toList());
        assertEquals("Focus on platform leadership.", stored.messages.get(1).content);

        // continue: the earlier turns go back to the model
        client.send("{\"text\":\"And the interview?\",\"conversationId\":\"" + conversationId + "\"}");
        client.until("done");
        server().verify(postRequestedFor(urlEqualTo(WireMockOpenAi.PATH))
                .withRequestBody(containing("How do I prepare?"))
                .withRequestBody(containing("Focus on platform leadership."))
                .withRequestBody(containing("And the interview?")));
        ConversationDoc continued = TestData.mongo(() -> ConversationDoc.findById(conversationId));
        assertEquals(4, continued.messages.size());

        // another user cannot continue it
        ChatClient intruder = ChatClient.connect(wsUri(TestJwt.forUser(UUID.randomUUID())), null);
        intruder.send("{\"text\":\"hi\",\"conversationId\":\"" + conversationId + "\"}");
        assertEquals("FORBIDDEN", intruder.until("error").get(0).get("code").asText());
        client.close();
        intruder.close();
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysUsable() throws Throwable {
        server().stubFor(post(urlEqualTo(WireMockOpenAi.PATH)).willReturn(WireMockOpenAi.stream("ok")));
        ChatClient client = ChatClient.connect(wsUri(null), null);
        client.send("{\"text\":\"hello\"}");
        assertEquals("UNAUTHENTICATED", client.until("error").get(0).get("code").asText());
        client.send("{\"type\":\"auth\",\"token\":\"" + TestJwt.expired(UUID.randomUUID()) + "\"}");
        assertEquals("UNAUTHENTICATED", client.until("error").get(0).get("code").asText());
        client.send("{\"type\":\"auth\",\"token\":\"" + TestJwt.forUser(UUID.randomUUID()) + "\"}");
        client.until("authenticated");
        client.send("this is not json");
        assertEquals("BAD_REQUEST", client.until("error").get(0).get("code").asText());
        client.send("{\"type\":\"dance\"}");
        assertEquals("BAD_REQUEST", client.until("error").get(0).get("code").asText());
        client.send("{\"text\":\"\"}");
        assertEquals("BAD_REQUEST", client.until("error").get(0).get("code").asText());
        client.send("{\"text\":\"hi\",\"jobId\":\"nope\"}");
        assertEquals("BAD_REQUEST", client.until("error").get(0).get("code").asText());
        server().verify(0, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
        // still open and working
        client.send("{\"text\":\"hello\"}");
        assertEquals("ok", client.until("done").stream().filter(f -> f.get("type").asText().equals("done"))
                .findFirst().orElseThrow().get("text").asText());
        client.close();
    }

    @Test
    void badTokensAreRefused() throws Throwable {
        // a forged Authorization header is refused at the upgrade (HTTP 401)
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> ChatClient.connect(wsUri(null), TestJwt.tampered(UUID.randomUUID(), UUID.randomUUID())));
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        // a bad ?token= gets an error frame, then the server closes
        ChatClient client = ChatClient.connect(wsUri(TestJwt.expired(UUID.randomUUID())), null);
        assertEquals("UNAUTHENTICATED", client.until("error").get(0).get("code").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> client.closed);
    }

    @Test
    void aProviderErrorBecomesAnErrorFrame() throws Throwable {
        server().stubFor(post(urlEqualTo(WireMockOpenAi.PATH)).willReturn(WireMockOpenAi.status(500)));
        ChatClient client = ChatClient.connect(wsUri(TestJwt.forUser(UUID.randomUUID())), null);
        client.send("{\"text\":\"hello\"}");
        JsonNode error = client.until("error").get(0);
        assertEquals("UNAVAILABLE", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("AI provider"));
        client.close();
    }

    private URI wsUri(String token) {
        String base = "ws://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        return URI.create(token == null ? base : base + "?token=" + token);
    }
}
