package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static io.aspaire.e2e.RunningSuite.OPENAI_MODEL;
import static io.aspaire.e2e.RunningSuite.REQUIREMENTS;
import static io.aspaire.e2e.RunningSuite.SERVICES;
import static io.aspaire.e2e.RunningSuite.SUMMARY;
import static io.aspaire.e2e.RunningSuite.output;
import static io.aspaire.e2e.RunningSuite.readySeconds;
import static io.aspaire.e2e.RunningSuite.url;
import static io.aspaire.e2e.RunningSuite.urls;
import static io.aspaire.e2e.RunningSuite.wiremock;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * README command (a) end to end, as a user runs it: {@code java -jar deploy/local-stack/target/aspaire-local-stack.jar
 * up} in a child process (every server and service on a free port, {@code ASPAIRE_PORTS=free}), with WireMock playing
 * Remotive and the OpenAI API. Then one user's journey through REST and the gateway, one query across all four
 * subgraphs compared with the four services asked one by one. The tests run in order, on the launcher every end-to-end
 * class shares ({@link RunningSuite}); this class runs first, before the hostile-input suite changes the data, and
 * {@link SuiteShutdownTest} (Ctrl-C) runs last.
 */
@Order(1)
@ExtendWith(RunningSuite.Started.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTest {

    /** The figure: every /q/health/ready UP within 90 s of command (a). */
    static final double READY_LIMIT_SECONDS = 90.0;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // the journey's state, used by the cross-subgraph comparison
    static String userId;
    static String email;
    static String token;
    static List<String> savedJobIds;
    static String appliedApplicationId;

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    // ------------------------------------------------------------------------------------------------------------
    // 1. command (a): every service on a free port, all ready within 90 s
    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void commandAStartsTheWholeSuiteOnFreePortsAndEveryServiceIsReadyWithin90Seconds() throws Exception {
        assertEquals(new LinkedHashSet<>(SERVICES), new LinkedHashSet<>(urls.keySet()),
                "the launcher announces each of the five services with its URL");
        Set<String> ports = new LinkedHashSet<>();
        urls.values().forEach(url -> ports.add(URI.create(url).getPort() + ""));
        assertEquals(5, ports.size(), "five distinct ports: " + urls);
        assertTrue(readySeconds <= READY_LIMIT_SECONDS, "all /q/health/ready UP in " + readySeconds
                + " s, more than " + READY_LIMIT_SECONDS + " s");
        System.out.printf("[e2e] launcher: all services ready in %.1f s%n", readySeconds);

        // the URL table printed after the ready line names the same addresses
        List<String> lines = List.copyOf(output);
        assertTrue(lines.stream().anyMatch(l -> l.contains("gateway GraphQL") && l.contains(url("gateway")
                + "/graphql")), "URL table names the gateway's /graphql: " + lines);
        for (String service : List.of("user-service", "job-service", "pipeline-service", "ai-service")) {
            assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(service) && l.contains(url(service)
                    + "/graphql")), "URL table names " + service + ": " + lines);
        }

        for (String service : SERVICES) {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(url(service)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), service + " /q/health/ready: " + health.body());
            assertEquals("UP", JSON.readTree(health.body()).path("status").asText(), service + ": " + health.body());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // 2. a user's journey: REST sign-up and preferences, ingestion, pipeline, AI summaries
    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aUsersJourneyFromSignUpToAnAiSummaryOfAnAppliedJob() throws Exception {
        // sign up and sign in (user-service REST)
        email = "ada-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery staple";
        HttpResponse<String> registered = rest("POST", url("user-service") + "/user/register", null,
                Map.of("email", email, "password", password, "displayName", "Ada Lovelace"));
        assertEquals(201, registered.statusCode(), registered.body());
        userId = JSON.readTree(registered.body()).path("id").asText();
        assertFalse(userId.isEmpty(), registered.body());

        HttpResponse<String> login = rest("POST", url("user-service") + "/user/login", null,
                Map.of("email", email, "password", password));
        assertEquals(200, login.statusCode(), login.body());
        JsonNode tokens = JSON.readTree(login.body());
        assertEquals("Bearer", tokens.path("tokenType").asText(), login.body());
        assertEquals(userId, tokens.path("user").path("id").asText(), login.body());
        token = tokens.path("accessToken").asText();

        // preferences (REST) -> PreferencesChanged -> job-service builds the search queries
        Map<String, Object> preferences = new LinkedHashMap<>();
        preferences.put("jobTitles", List.of("Backend Engineer"));
        preferences.put("locations", List.of());
        preferences.put("skills", List.of("Java", "Kafka"));
        preferences.put("remote", "YES");
        preferences.put("jobTypes", List.of("FULL_TIME"));
        preferences.put("notifications", Map.of("email", false, "reminders", true));
        preferences.put("pageSize", 20);
        HttpResponse<String> saved = rest("PUT", url("user-service") + "/preferences", token, preferences);
        assertEquals(200, saved.statusCode(), saved.body());

        String searchQueries = "query($u: ID) { searchQueries(userId: $u) { query location remote origin } }";
        JsonNode queries = await("job-service's search queries from PreferencesChanged")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> data(gateway(searchQueries, Map.of("u", userId))).path("searchQueries"),
                        q -> q.isArray() && q.size() > 0);
        assertEquals(1, queries.size(), queries.toString());
        assertEquals("Backend Engineer", queries.get(0).path("query").asText(), queries.toString());
        assertTrue(queries.get(0).path("remote").asBoolean(), "remote: YES gives a remote query: " + queries);
        assertEquals("PREFERENCES", queries.get(0).path("origin").asText(), queries.toString());

        // ingestion now, through the gateway: the mutation starts the run, ingestionRun gives its final counts
        String runId = data(gateway("mutation { ingestDailyJobs { id status } }", Map.of())).path("ingestDailyJobs")
                .path("id").asText();
        JsonNode report = await("the ingestion run to complete").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> data(gateway("query($id: ID!) { ingestionRun(id: $id) { status queries sources { source "
                        + "status fetched created updated error } } }", Map.of("id", runId))).path("ingestionRun"),
                        run -> !"RUNNING".equals(run.path("status").asText()));
        assertEquals("COMPLETED", report.path("status").asText(), report.toString());
        assertEquals(1, report.path("queries").asInt(), report.toString());
        Map<String, JsonNode> bySource = new LinkedHashMap<>();
        report.path("sources").forEach(s -> bySource.put(s.path("source").asText(), s));
        assertEquals("OK", bySource.get("REMOTIVE").path("status").asText(), report.toString());
        assertEquals(3, bySource.get("REMOTIVE").path("fetched").asInt(), report.toString());
        assertEquals(3, bySource.get("REMOTIVE").path("created").asInt(), report.toString());
        assertEquals("DISABLED", bySource.get("SERPAPI").path("status").asText(), report.toString());
        wiremock.verify(getRequestedFor(urlPathEqualTo("/api/remote-jobs"))
                .withQueryParam("search", equalTo("Backend Engineer")));

        JsonNode jobs = await("the ingested jobs through the gateway").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> data(gateway("{ jobs(first: 50) { items { id title company source remote } } }",
                        Map.of())).path("jobs").path("items"), items -> items.size() >= 3);
        Map<String, JsonNode> byTitle = new LinkedHashMap<>();
        jobs.forEach(j -> byTitle.put(j.path("title").asText(), j));
        assertEquals(Set.of("Senior Backend Engineer", "Platform Engineer (Kubernetes)", "Data Engineer"),
                byTitle.keySet(), jobs.toString());
        assertEquals("Zürich Daten AG", byTitle.get("Platform Engineer (Kubernetes)").path("company").asText());
        byTitle.values().forEach(j -> {
            assertEquals("REMOTIVE", j.path("source").asText(), j.toString());
            assertTrue(j.path("remote").asBoolean(), j.toString());
        });

        // two jobs into the pipeline (gateway -> pipeline-service), one moved to APPLIED
        String backend = byTitle.get("Senior Backend Engineer").path("id").asText();
        String platform = byTitle.get("Platform Engineer (Kubernetes)").path("id").asText();
        savedJobIds = List.of(backend, platform);
        String saveJob = "mutation($j: ID!) { saveJob(jobId: $j) { id stage jobId } }";
        JsonNode first = data(gateway(saveJob, Map.of("j", backend))).path("saveJob");
        JsonNode second = data(gateway(saveJob, Map.of("j", platform))).path("saveJob");
        assertEquals("SAVED", first.path("stage").asText(), first.toString());
        assertEquals("SAVED", second.path("stage").asText(), second.toString());
        assertEquals(backend, first.path("jobId").asText());
        appliedApplicationId = first.path("id").asText();
        JsonNode moved = data(gateway("mutation($a: ID!) { moveApplication(id: $a, stage: APPLIED, comment: "
                + "\"sent the CV\") { id stage history { from to comment } } }", Map.of("a", appliedApplicationId)))
                .path("moveApplication");
        assertEquals("APPLIED", moved.path("stage").asText(), moved.toString());
        assertEquals(2, moved.path("history").size(), moved.toString());
        assertEquals("sent the CV", moved.path("history").get(1).path("comment").asText(), moved.toString());

        // ai-service's read model gets the jobs from aspaire.jobs.v1: the summary becomes available
        String summary = "query($id: ID!) { aiSummary(jobId: $id) { jobId summary keyRequirements model } }";
        for (String jobId : savedJobIds) {
            JsonNode answer = await("ai-service's read model has job " + jobId).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> graphql(url("ai-service"), token, summary, Map.of("id", jobId)),
                            r -> !r.has("errors") && r.path("data").path("aiSummary").isObject());
            JsonNode s = answer.path("data").path("aiSummary");
            assertEquals(jobId, s.path("jobId").asText(), s.toString());
            assertEquals(SUMMARY, s.path("summary").asText(), s.toString());
            assertEquals(REQUIREMENTS, strings(s.path("keyRequirements")), s.toString());
            assertEquals(OPENAI_MODEL, s.path("model").asText(), s.toString());
        }
        // the model was asked as configured: OPENAI_BASE_URL + chat/completions, OPENAI_MODEL, the key as Bearer
        wiremock.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer test-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(OPENAI_MODEL)))
                .withRequestBody(containing("Senior Backend Engineer")));

        // pipeline-service's job snapshots (also from aspaire.jobs.v1) are in place
        // documented: saveJob works before the job's snapshot has arrived, which is "filled in later"
        await("pipeline-service's job snapshots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> data(graphql(url("pipeline-service"), token, "query($u: ID!) { pipelineJobs(userId: $u) "
                        + "{ items { jobTitle } } }", Map.of("u", userId))).path("pipelineJobs").path("items"),
                        items -> items.size() == 2 && !items.get(0).path("jobTitle").isNull()
                                && !items.get(1).path("jobTitle").isNull());
    }

    // ------------------------------------------------------------------------------------------------------------
    // 3. one gateway query across all four subgraphs == the four services asked one by one
    // ------------------------------------------------------------------------------------------------------------

    static final String CROSS_FOUR = """
            query Dashboard($u: ID!) {
              me { id email displayName preferences { jobTitles remote } }
              pipelineJobs(userId: $u) {
                totalCount
                items {
                  id stage jobId jobTitle company
                  history { from to comment }
                  job {
                    id title company location remote
                    aiSummary { jobId summary keyRequirements model promptVersion createdAt }
                  }
                }
              }
            }""";

    @Test
    @Order(3)
    void oneGatewayQueryAcrossAllFourSubgraphsAnswersWhatTheServicesAnswerOneByOne() throws Exception {
        assertNotNull(savedJobIds, "needs the journey (previous test)");
        JsonNode response = gateway(CROSS_FOUR, Map.of("u", userId));
        assertFalse(response.has("errors"), "gateway errors: " + response.path("errors"));
        JsonNode federated = response.path("data");

        // the same data, service by service, with the same token
        ObjectNode expected = JSON.createObjectNode();
        expected.set("me", data(graphql(url("user-service"), token,
                "{ me { id email displayName preferences { jobTitles remote } } }", Map.of())).path("me"));
        JsonNode pipeline = data(graphql(url("pipeline-service"), token, "query($u: ID!) { pipelineJobs(userId: $u) "
                + "{ totalCount items { id stage jobId jobTitle company history { from to comment } } } }",
                Map.of("u", userId))).path("pipelineJobs").deepCopy();
        for (JsonNode item : pipeline.path("items")) {
            String jobId = item.path("jobId").asText();
            ObjectNode job = (ObjectNode) data(graphql(url("job-service"), token,
                    "query($id: ID) { job(id: $id) { id title company location remote } }", Map.of("id", jobId)))
                    .path("job").deepCopy();
            job.set("aiSummary", data(graphql(url("ai-service"), token, "query($id: ID!) { aiSummary(jobId: $id) "
                    + "{ jobId summary keyRequirements model promptVersion createdAt } }", Map.of("id", jobId)))
                    .path("aiSummary"));
            ((ObjectNode) item).set("job", job);
        }
        expected.set("pipelineJobs", pipeline);

        // what the journey did is there
        assertEquals(userId, federated.path("me").path("id").asText(), federated.toString());
        assertEquals(email, federated.path("me").path("email").asText(), federated.toString());
        assertEquals(2, federated.path("pipelineJobs").path("totalCount").asInt(), federated.toString());
        Set<String> jobIds = new LinkedHashSet<>();
        for (JsonNode item : federated.path("pipelineJobs").path("items")) {
            jobIds.add(item.path("job").path("id").asText());
            assertEquals(item.path("jobId").asText(), item.path("job").path("id").asText(), item.toString());
            assertEquals(item.path("jobTitle").asText(), item.path("job").path("title").asText(),
                    "pipeline's snapshot and job-service agree: " + item);
            assertEquals(SUMMARY, item.path("job").path("aiSummary").path("summary").asText(), item.toString());
            assertEquals(item.path("id").asText().equals(appliedApplicationId) ? "APPLIED" : "SAVED",
                    item.path("stage").asText(), item.toString());
        }
        assertEquals(Set.copyOf(savedJobIds), jobIds, federated.toString());

        // field by field
        List<String> differences = new ArrayList<>();
        int compared = compare("data", expected, federated, differences);
        System.out.println("[e2e] cross-subgraph query: " + compared + " fields compared with the services' own answers");
        assertTrue(differences.isEmpty(), "gateway vs services one by one:\n" + String.join("\n", differences));
        assertTrue(compared >= 40, "compared " + compared + " fields");
    }

    /** Compares two JSON trees leaf by leaf; returns how many leaves were compared. */
    static int compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            int n = 0;
            for (String name : names) {
                n += compare(path + "." + name, orMissing(expected.get(name)), orMissing(actual.get(name)),
                        differences);
            }
            return n;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": " + expected.size() + " elements from the service, " + actual.size()
                        + " from the gateway");
                return 1;
            }
            int n = 0;
            for (int i = 0; i < expected.size(); i++) {
                n += compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
            return n;
        }
        if (!expected.equals(actual)) {
            differences.add(path + ": service " + expected + ", gateway " + actual);
        }
        return 1;
    }

    static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    // ------------------------------------------------------------------------------------------------------------
    // HTTP helpers
    // ------------------------------------------------------------------------------------------------------------

    static HttpResponse<String> rest(String method, String url, String bearer, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST {base}/graphql; the whole response ({data, errors}). */
    static JsonNode graphql(String base, String bearer, String query, Map<String, Object> variables)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpResponse<String> response = rest("POST", base + "/graphql", bearer, body);
        assertEquals(200, response.statusCode(), base + "/graphql: " + response.body());
        return JSON.readTree(response.body());
    }

    static JsonNode gateway(String query, Map<String, Object> variables) throws Exception {
        return graphql(url("gateway"), token, query, variables);
    }

    /** The data of a response that must have no errors. */
    static JsonNode data(JsonNode response) {
        if (response.has("errors")) {
            fail("GraphQL errors: " + response.path("errors"));
        }
        return response.path("data");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array instanceof ArrayNode) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
