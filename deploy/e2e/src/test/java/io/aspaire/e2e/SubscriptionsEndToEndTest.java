package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static io.aspaire.e2e.RunningSuite.dataDir;
import static io.aspaire.e2e.RunningSuite.url;
import static io.aspaire.e2e.SuiteEndToEndTest.data;
import static io.aspaire.e2e.SuiteEndToEndTest.graphql;
import static io.aspaire.e2e.SuiteEndToEndTest.rest;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Subscriptions through the gateway (issue 14) with a graphql-transport-ws client: a reminder set two seconds ahead
 * reaches its owner exactly once, with the application's job resolved from job-service and its AI summary from
 * ai-service; another user subscribed at the same time hears nothing; a connection whose token expires, and one whose
 * account is deleted, is closed by the gateway (4403). Runs after the journey, which ingested the jobs and has
 * ai-service's summaries answered by the WireMock model.
 */
@Order(2)
@ExtendWith(RunningSuite.Started.class)
class SubscriptionsEndToEndTest {

    private static final String REMINDER_DUE = """
            subscription { reminderDue { reminder { id note } application { id job { title aiSummary { summary } } } } }""";

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    @Test
    void aReminderReachesItsOwnerOnceFullyResolvedAndNobodyElse() throws Exception {
        User owner = User.signUp("owner");
        User other = User.signUp("other");
        JsonNode jobs = data(graphql(url("gateway"), owner.token, "{ jobs(first: 50) { items { id title } } }",
                Map.of())).path("jobs").path("items");
        String jobId = null;
        for (JsonNode job : jobs) {
            if (job.path("title").asText().equals("Senior Backend Engineer")) {
                jobId = job.path("id").asText();
            }
        }
        assertNotNull(jobId, "the journey ingested the job: " + jobs);
        String applicationId = data(graphql(url("gateway"), owner.token, "mutation($j: ID!) { saveJob(jobId: $j) { id } }",
                Map.of("j", jobId))).path("saveJob").path("id").asText();

        try (GraphQLWs mine = GraphQLWs.connect(url("gateway"), owner.token);
                GraphQLWs theirs = GraphQLWs.connect(url("gateway"), other.token)) {
            // both subscriptions reach pipeline-service before the reminder can fire (tests run one at a time and
            // close their clients: the gauge counts this test's subscriptions on top of what was open before)
            int before = MetricsTest.openSubscriptions(url("pipeline-service"), "reminderDue");
            mine.subscribe("r", REMINDER_DUE);
            theirs.subscribe("r", REMINDER_DUE);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(
                    () -> MetricsTest.openSubscriptions(url("pipeline-service"), "reminderDue") >= before + 2);
            String due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
            long set = System.nanoTime();
            String reminderId = data(graphql(url("gateway"), owner.token, "mutation($j: ID!, $d: String!) { "
                    + "setReminder(jobId: $j, datetime: $d, note: \"call the recruiter\") { id } }",
                    Map.of("j", jobId, "d", due))).path("setReminder").path("id").asText();

            JsonNode next = mine.next(Duration.ofSeconds(30));
            assertNotNull(next, "the owner's event within 30 s");
            System.out.printf("[e2e] reminderDue delivered %.1f s after setReminder (due 2 s ahead)%n",
                    (System.nanoTime() - set) / 1e9);
            assertEquals("next", next.path("type").asText(), next.toString());
            assertEquals("r", next.path("id").asText());
            JsonNode payload = next.path("payload");
            assertTrue(payload.path("errors").isMissingNode(), payload.toString());
            JsonNode event = payload.path("data").path("reminderDue");
            assertEquals(reminderId, event.path("reminder").path("id").asText(), event.toString());
            assertEquals("call the recruiter", event.path("reminder").path("note").asText());
            assertEquals(applicationId, event.path("application").path("id").asText());
            JsonNode job = event.path("application").path("job");
            assertEquals("Senior Backend Engineer", job.path("title").asText(), "from job-service: " + job);
            assertEquals(RunningSuite.SUMMARY, job.path("aiSummary").path("summary").asText(), "from ai-service: " + job);

            assertNull(mine.next(Duration.ofSeconds(4)), "exactly one event");
            assertNull(theirs.next(Duration.ofMillis(200)), "the other user receives nothing");
        }
    }

    @Test
    void theGatewayClosesTheConnectionOfAnExpiredTokenAndOfADeletedAccount() throws Exception {
        User expiring = User.signUp("expiring");
        String shortLived = token(expiring.id, Duration.ofSeconds(3));
        try (GraphQLWs client = GraphQLWs.connect(url("gateway"), shortLived)) {
            client.subscribe("r", REMINDER_DUE);
            assertEquals(4403, client.closedWith(Duration.ofSeconds(15)), "closed when the token expires");
            assertTrue(client.closeReason.contains("expired"), client.closeReason);
        }
        try (GraphQLWs late = GraphQLWs.open(url("gateway"))) {
            late.init(shortLived); // by now expired: refused at connection_init
            assertEquals(4403, late.closedWith(Duration.ofSeconds(10)));
        }

        User leaving = User.signUp("leaving");
        try (GraphQLWs client = GraphQLWs.connect(url("gateway"), leaving.token)) {
            client.subscribe("r", REMINDER_DUE);
            HttpResponse<String> deleted = rest("DELETE", url("user-service") + "/user/me", leaving.token, Map.of());
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertEquals(4403, client.closedWith(Duration.ofSeconds(15)), "closed once UserDeleted reaches the gateway");
            assertTrue(client.closeReason.contains("deleted"), client.closeReason);
        }
    }

    @Test
    void aCoverLetterStreamsThroughTheGatewayTokenByTokenToItsOwnerOnly() throws Exception {
        User writer = User.signUp("writer");
        User other = User.signUp("other-writer");
        String resumeId = data(graphql(url("gateway"), writer.token, "mutation($u: ID!, $in: NewResumeInput!) { "
                + "createResume(userId: $u, input: $in) { id } }", Map.of("u", writer.id, "in", Map.of("title",
                        "Writer's resume", "text", "Backend engineer: Java 17, Kafka, PostgreSQL, event-driven services."))))
                .path("createResume").path("id").asText();
        JsonNode jobs = data(graphql(url("gateway"), writer.token, "{ jobs(first: 50) { items { id title } } }",
                Map.of())).path("jobs").path("items");
        assertTrue(jobs.size() > 0, "the journey ingested jobs");
        String jobId = jobs.get(0).path("id").asText();
        // the model streams the letter (OpenAI's SSE format), then checks its claims (a plain completion)
        String[] tokens = { "Dear ", "hiring ", "team,\n", "I built ", "Java services." };
        var letterStub = RunningSuite.wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("TASK: COVER_LETTER"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))).willReturn(RunningSuite.streamed(tokens)));
        var claimStub = RunningSuite.wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("TASK: CLAIM_CHECK")).willReturn(RunningSuite.completion(
                        "{\"unsupported\": []}")));
        String stream = JSON.writeValueAsString(Map.of("query", "subscription($j: ID!, $r: ID, $t: Tone) { "
                + "coverLetterStream(jobId: $j, resumeId: $r, tone: $t) { token done coverLetter { id resumeId tone "
                + "text } } }", "variables", Map.of("j", jobId, "r", resumeId, "t", "FRIENDLY")));
        try {
            // another user naming the writer's resume: a coded error, nothing streamed (ai-service may not have
            // the resume yet, which is NOT_FOUND; both are refusals)
            try (GraphQLWs theirs = GraphQLWs.connect(url("gateway"), other.token)) {
                theirs.subscribeRaw("s", stream);
                JsonNode refused = theirs.next(Duration.ofSeconds(30));
                assertNotNull(refused, "an answer to another user's resume");
                // a refusal in execution is a `next` with errors and no data (an `error` message is for documents
                // that do not validate); either way it carries the code
                JsonNode errors = refused.path("type").asText().equals("error") ? refused.path("payload")
                        : refused.path("payload").path("errors");
                assertTrue(refused.path("payload").path("data").path("coverLetterStream").isMissingNode()
                        || refused.path("payload").path("data").path("coverLetterStream").isNull(), refused.toString());
                String code = errors.path(0).path("extensions").path("code").asText();
                assertTrue(code.equals("FORBIDDEN") || code.equals("NOT_FOUND"), refused.toString());
            }
            List<String> received = new java.util.ArrayList<>();
            JsonNode last = await("the letter streamed through the gateway (once ai-service has the resume)")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        received.clear();
                        try (GraphQLWs mine = GraphQLWs.connect(url("gateway"), writer.token)) {
                            mine.subscribeRaw("s", stream);
                            while (true) {
                                JsonNode message = mine.next(Duration.ofSeconds(30));
                                if (message == null || !"next".equals(message.path("type").asText())) {
                                    return null; // e.g. NOT_FOUND while ResumeSaved is on its way: try again
                                }
                                JsonNode item = message.path("payload").path("data").path("coverLetterStream");
                                if (item.path("done").asBoolean()) {
                                    JsonNode complete = mine.next(Duration.ofSeconds(10));
                                    assertEquals("complete", complete == null ? null : complete.path("type").asText());
                                    return item;
                                }
                                received.add(item.path("token").asText());
                            }
                        }
                    }, java.util.Objects::nonNull);
            assertEquals(List.of(tokens), received, "every token, in order, one item each");
            assertEquals(String.join("", tokens).trim(), last.path("coverLetter").path("text").asText());
            assertEquals(resumeId, last.path("coverLetter").path("resumeId").asText());
            assertEquals("FRIENDLY", last.path("coverLetter").path("tone").asText());
            // the stored letter is the writer's: readable by the writer through the gateway
            assertFalse(last.path("coverLetter").path("id").asText().isEmpty(), last.toString());
        } finally {
            RunningSuite.wiremock.removeStub(letterStub);
            RunningSuite.wiremock.removeStub(claimStub);
        }
    }

    /** A signed-up user with an access token. */
    private record User(String id, String token) {
        static User signUp(String name) throws Exception {
            String email = name + "-" + UUID.randomUUID() + "@example.com";
            String password = "correct horse battery staple";
            HttpResponse<String> registered = rest("POST", url("user-service") + "/user/register", null,
                    Map.of("email", email, "password", password, "displayName", name));
            assertEquals(201, registered.statusCode(), registered.body());
            HttpResponse<String> login = rest("POST", url("user-service") + "/user/login", null,
                    Map.of("email", email, "password", password));
            assertEquals(200, login.statusCode(), login.body());
            JsonNode tokens = JSON.readTree(login.body());
            return new User(tokens.path("user").path("id").asText(), tokens.path("accessToken").asText());
        }
    }

    /** A user token as user-service issues them, signed with the suite's key, that expires in {@code lifetime}. */
    private static String token(String subject, Duration lifetime) throws Exception {
        String pem = Files.readString(dataDir.resolve("keys/jwt-private.pem"));
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        long now = Instant.now().getEpochSecond();
        String header = JSON.writeValueAsString(Map.of("alg", "RS256", "typ", "JWT"));
        String payload = JSON.writeValueAsString(Map.of("iss", "https://aspaire.io", "aud", "aspaire", "sub", subject,
                "upn", subject, "groups", List.of("user"), "iat", now - 5, "exp", now + lifetime.toSeconds(),
                "jti", UUID.randomUUID().toString()));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }
}
