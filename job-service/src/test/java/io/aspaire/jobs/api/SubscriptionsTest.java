package io.aspaire.jobs.api;

import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.jobs.service.LiveUpdates;
import io.aspaire.jobs.service.RunLock;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.GraphQLWsClient;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * ingestionRun(id) and newMatchingJobs over graphql-transport-ws, fed from the real broker (job-service reads its own
 * aspaire.jobs.v1 back), with runs against WireMock-played sources and the real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class SubscriptionsTest {

    static final String PROGRESS = "subscription($id: ID!) { ingestionRun(id: $id) { run { id status finishedAt "
            + "queries sources { source status fetched } } finishedSource { source status fetched error } } }";
    static final String MATCHES = "subscription { newMatchingJobs { runId query location jobs { id title } } }";

    @Inject
    KafkaClientService kafka;
    @Inject
    LiveUpdates live;
    @Inject
    RunLock lock;
    @Inject
    SearchQueryService queries;
    @Inject
    DeletedAccounts deletedAccounts;

    @BeforeEach
    void feedIsReadingAndNoRunInProgress() {
        CircuitBreakerMaintenance.get().resetAll();
        // the feed starts at the end of the topic: events before its partitions are assigned are not its
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.getConsumer("jobs-live").getAssignments()
                .await().atMost(Duration.ofSeconds(5)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !TestSupport.join(() -> lock.isHeld()));
    }

    private void searchesFor(UUID user, String... titles) {
        TestSupport.join(() -> Panache.withTransaction(() -> queries.replace(user, "PREFERENCES",
                queries.specs(List.of(titles), List.of(), false))));
    }

    private static String startRun(String token) {
        var started = TestSupport.graphql(token, "mutation { ingestDailyJobs { id status } }", Map.of()).extract()
                .jsonPath();
        assertNull(started.get("errors"), started.prettify());
        return started.getString("data.ingestDailyJobs.id");
    }

    private static void awaitEnded(String runId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> count(
                "select count(*) from ingestion_runs where id = cast(?1 as uuid) and status <> 'RUNNING'", runId) == 1);
    }

    private static JsonObject next(GraphQLWsClient client, String field) throws InterruptedException {
        String message = client.next(Duration.ofSeconds(20));
        assertNotNull(message, "an item of " + field);
        JsonObject json = new JsonObject(message);
        assertEquals("next", json.getString("type"), message);
        return json.getJsonObject("payload").getJsonObject("data").getJsonObject(field);
    }

    @Test
    void aRunsSubscriberGetsItsStateThenEachSourceAsItFinishesThenTheEndAndNobodyElseMaySubscribe()
            throws Exception {
        UUID user = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        // Remotive times out on "slow" (three attempts: seconds), SerpAPI answers it: the run lasts long enough to
        // subscribe while it is RUNNING
        searchesFor(user, "slow");
        String runId = startRun(token);
        String variables = new JsonObject().put("id", runId).encode();
        try (GraphQLWsClient mine = GraphQLWsClient.open(RestAssured.port, token);
                GraphQLWsClient stranger = GraphQLWsClient.open(RestAssured.port,
                        TestJwt.forUser(UUID.randomUUID()))) {
            stranger.subscribe("1", PROGRESS, variables);
            String refused = stranger.next(Duration.ofSeconds(10));
            assertNotNull(refused);
            System.out.println("job-service: another user's ingestionRun subscription: " + refused);
            assertTrue(refused.contains("FORBIDDEN") && !refused.contains("\"run\""), refused);

            mine.subscribe("1", PROGRESS, variables);
            JsonObject first = next(mine, "ingestionRun");
            assertEquals("RUNNING", first.getJsonObject("run").getString("status"), first.encode());
            assertNull(first.getValue("finishedSource"));

            List<String> finished = new ArrayList<>();
            JsonObject item;
            while ("RUNNING".equals((item = next(mine, "ingestionRun")).getJsonObject("run").getString("status"))) {
                JsonObject source = item.getJsonObject("finishedSource");
                assertNotNull(source, item.encode());
                finished.add(source.getString("source") + ":" + source.getString("status"));
                // the run's state carries the finished source's final counts
                JsonArray sources = item.getJsonObject("run").getJsonArray("sources");
                assertTrue(sources.stream().map(JsonObject.class::cast).anyMatch(s -> s.getString("source")
                        .equals(source.getString("source")) && s.getString("status").equals(source.getString(
                                "status"))), item.encode());
            }
            assertEquals(List.of("REMOTIVE:FAILED", "SERPAPI:OK", "ASHBY:OK", "GREENHOUSE:OK", "LEVER:OK"), finished,
                    "one item per source, search sources first, as each finished");
            assertEquals("COMPLETED", item.getJsonObject("run").getString("status"), item.encode());
            assertNotNull(item.getJsonObject("run").getString("finishedAt"));
            assertNull(item.getValue("finishedSource"));
            String end = mine.next(Duration.ofSeconds(10));
            assertNotNull(end);
            assertEquals("complete", new JsonObject(end).getString("type"), end);
            // released when the stream terminates, which may come a moment after `complete` went out
            org.awaitility.Awaitility.await("the ended subscription is released").atMost(Duration.ofSeconds(5))
                    .until(() -> live.runSubscriptions(UUID.fromString(runId)) == 0);

            // a run already over: its final state, then the end
            mine.subscribe("2", PROGRESS, variables);
            assertEquals("COMPLETED", next(mine, "ingestionRun").getJsonObject("run").getString("status"));
            assertEquals("complete", new JsonObject(mine.next(Duration.ofSeconds(10))).getString("type"));
        }
    }

    @Test
    void newListingsOfTheCallersOwnSearchesArePushedOnceToThemOnly() throws Exception {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        searchesFor(user, "backend");
        searchesFor(other, "backend");
        try (GraphQLWsClient mine = GraphQLWsClient.open(RestAssured.port, token);
                GraphQLWsClient theirs = GraphQLWsClient.open(RestAssured.port, TestJwt.forUser(other))) {
            mine.subscribe("1", MATCHES, null);
            theirs.subscribe("1", MATCHES, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> live.matchSubscriptions(user) == 1
                    && live.matchSubscriptions(other) == 1);

            String runId = startRun(token);
            JsonObject found = next(mine, "newMatchingJobs");
            assertEquals(runId, found.getString("runId"));
            assertEquals("backend", found.getString("query"));
            assertEquals("", found.getString("location"));
            List<String> pushed = found.getJsonArray("jobs").stream()
                    .map(j -> ((JsonObject) j).getString("id")).sorted().toList();
            assertFalse(pushed.isEmpty());
            // exactly the canonical listings recorded as this user's search results, all new to them
            List<String> recorded = rows("select cast(job_id as text), cast(search_query_id as text) "
                    + "from search_query_results where user_id = ?1", user).stream().map(r -> (String) r[0])
                    .sorted().toList();
            assertEquals(recorded, pushed);
            awaitEnded(runId);
            assertNull(mine.next(Duration.ofSeconds(2)), "one item for one query");
            assertNull(theirs.next(Duration.ofMillis(100)), "another user's subscription hears nothing of it");

            // the same search again returns the same listings: nothing new, nothing pushed
            String second = startRun(token);
            awaitEnded(second);
            await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from outbox_events where "
                    + "event_type = 'SearchResultsFound' and payload -> 'data' ->> 'runId' = ?1", second) == 1);
            List<Object[]> event = rows("select payload -> 'data' ->> 'jobIds', payload -> 'data' ->> 'newJobIds' "
                    + "from outbox_events where event_type = 'SearchResultsFound' and payload -> 'data' ->> 'runId' = ?1",
                    second);
            assertEquals(pushed, new JsonArray((String) event.get(0)[0]).stream().map(String::valueOf).sorted()
                    .toList(), "the second run's search returned the same listings");
            assertEquals("[]", event.get(0)[1], "none of them new");
            assertNull(mine.next(Duration.ofSeconds(3)), "no push without new listings");
        }
        // the user's record of what their searches returned goes with their account
        TestSupport.join(() -> Panache.withTransaction(() -> deletedAccounts.erase(user)));
        assertEquals(0L, count("select count(*) from search_query_results where user_id = ?1", user));
    }
}
