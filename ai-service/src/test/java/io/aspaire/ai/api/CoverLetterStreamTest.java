package io.aspaire.ai.api;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aspaire.ai.support.WireMockOpenAi.answer;
import static io.aspaire.ai.support.WireMockOpenAi.completion;
import static io.aspaire.ai.support.WireMockOpenAi.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.support.GraphqlWs;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * coverLetterStream (issue 14) over graphql-transport-ws against a WireMock OpenAI that answers in the streaming
 * (SSE) format: the tokens arrive in order as separate items, the last item carries the stored letter (its id, the
 * whole text, the claim check's warnings); another user's resume and an unknown job are coded errors that cost no
 * model call.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class CoverLetterStreamTest {

    static final String STREAM = "subscription($j: ID!, $r: ID, $t: Tone) { coverLetterStream(jobId: $j, "
            + "resumeId: $r, tone: $t) { token done coverLetter { id jobId resumeId tone text warnings { claim } } } }";
    static final String RESUME = "Jane Doe. Software engineer at Initech (2019-2024): Java, Kafka, PostgreSQL.";

    @Inject
    ReadModels readModels;
    @Inject
    Vertx vertx;

    @BeforeEach
    void reset() {
        server().resetAll();
    }

    @Test
    void theLetterArrivesTokenByTokenThenStored() throws Throwable {
        UUID user = UUID.randomUUID();
        ResumeDoc resume = TestData.resume(readModels, user, RESUME);
        JobDoc job = TestData.job(readModels, "Java Engineer", "Acme", "Java and Kafka");
        String[] tokens = { "Dear ", "Acme ", "team,\n", "at Initech ", "I built ", "Java services." };
        server().stubFor(completion("TASK: COVER_LETTER").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(WireMockOpenAi.stream(tokens)));
        server().stubFor(completion("TASK: CLAIM_CHECK").willReturn(answer("{\"unsupported\": []}")));

        List<String> received = new ArrayList<>();
        JsonObject last;
        try (GraphqlWs ws = GraphqlWs.open(vertx, TestJwt.forUser(user))) {
            // resumeId left out: the caller's default resume
            ws.subscribe("1", STREAM, new JsonObject().put("j", job.id).put("t", "FRIENDLY"));
            while (true) {
                // generous: on 2 shared cores the first subscription of a fresh boot waits for class loading
                JsonObject message = ws.next("1", Duration.ofSeconds(60));
                assertNotNull(message, "the stream went silent after " + received + "; the provider stub saw: "
                        + server().getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()
                                .substring(0, Math.min(300, e.getRequest().getBodyAsString().length()))
                                + " -> " + e.getResponse().getStatus()).toList());
                assertEquals("next", message.getString("type"), message.encode());
                JsonObject chunk = message.getJsonObject("payload").getJsonObject("data")
                        .getJsonObject("coverLetterStream");
                if (chunk.getBoolean("done")) {
                    last = chunk;
                    break;
                }
                assertNull(chunk.getValue("coverLetter"));
                received.add(chunk.getString("token"));
            }
            JsonObject complete = ws.next("1", Duration.ofSeconds(5));
            assertEquals("complete", complete == null ? null : complete.getString("type"));
        }
        assertEquals(List.of(tokens), received, "every token, in order, one item each");
        JsonObject letter = last.getJsonObject("coverLetter");
        assertNull(last.getValue("token"));
        assertEquals(String.join("", tokens).trim(), letter.getString("text"));
        assertEquals(resume.id, letter.getString("resumeId"));
        assertEquals("FRIENDLY", letter.getString("tone"));

        CoverLetterDoc stored = TestData.mongo(() -> CoverLetterDoc.findById(letter.getString("id")));
        assertNotNull(stored, "the last item names the stored letter");
        assertEquals(user.toString(), stored.userId);
        assertEquals(letter.getString("text"), stored.text);
        // one streamed letter call (with the resume and job fenced) and one claim check, both in the ledger
        server().verify(postRequestedFor(urlEqualTo(WireMockOpenAi.PATH))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))).withRequestBody(containing("<resume>"))
                .withRequestBody(containing("Tone: friendly.")));
        server().verify(2, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
        assertEquals(1L, (long) TestData.<Long> mongo(() -> AiOutputDoc.count(new Document("userId",
                user.toString()).append("feature", "COVER_LETTER"))));
    }

    @Test
    void anotherUsersResumeAndAnUnknownJobAreCodedErrorsAndCostNothing() throws Throwable {
        UUID user = UUID.randomUUID();
        ResumeDoc theirs = TestData.resume(readModels, UUID.randomUUID(), RESUME);
        JobDoc job = TestData.job(readModels, "Java Engineer", "Acme", "Java");
        try (GraphqlWs ws = GraphqlWs.open(vertx, TestJwt.forUser(user))) {
            ws.subscribe("1", STREAM, new JsonObject().put("j", job.id).put("r", theirs.id));
            JsonObject forbidden = ws.next("1", Duration.ofSeconds(10));
            assertNotNull(forbidden);
            assertEquals("FORBIDDEN", GraphqlWs.errorCode(forbidden), forbidden.encode());

            TestData.resume(readModels, user, RESUME);
            ws.subscribe("2", STREAM, new JsonObject().put("j", UUID.randomUUID().toString()));
            JsonObject notFound = ws.next("2", Duration.ofSeconds(10));
            assertNotNull(notFound);
            assertEquals("NOT_FOUND", GraphqlWs.errorCode(notFound), notFound.encode());
            assertTrue(notFound.encode().contains("not known to ai-service"), notFound.encode());
        }
        server().verify(0, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
    }
}
