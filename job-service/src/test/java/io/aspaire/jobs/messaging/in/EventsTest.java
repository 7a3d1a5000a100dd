package io.aspaire.jobs.messaging.in;

import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.graphql;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Through the real broker: preferences and AI search terms become a user's search queries (once per event), the
 * user's ingestion runs them and records the rotation, the outbox emits JobIngested, IngestionSourceFinished per
 * source, SearchResultsFound per query and IngestionCompleted, a deleted user's queries go. Every user-scoped operation is walked as a second user.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class EventsTest {

    static final String QUERIES = """
            query($u: ID!) { searchQueries(userId: $u) { id origin query location remote lastRunAt runs lastResultCount } }""";

    @Inject
    ObjectMapper mapper;
    @Inject
    SearchQueryService queries;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String event(String type, String subject, Object data, String id) throws Exception {
        return mapper.writeValueAsString(Map.of("specversion", "1.0", "id", id, "source", "/aspaire/test", "type", type,
                "subject", subject, "time", Instant.now().toString(), "datacontenttype", "application/json",
                "data", data));
    }

    void send(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void preferencesAndSearchTermsDriveTheUsersIngestion() throws Exception {
        CircuitBreakerMaintenance.get().resetAll();
        UUID user = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        String prefs = event("PreferencesChanged", user.toString(), Map.of("userId", user.toString(),
                "jobTitles", List.of("backend", " Backend "), "locations", List.of("Berlin"), "remote", "NO",
                "skills", List.of("java"), "pageSize", 20, "updatedAt", Instant.now().toString()), UUID.randomUUID().toString());
        send(Topics.PREFERENCES, user.toString(), "not a cloud event"); // a poison record is skipped
        send(Topics.PREFERENCES, user.toString(), prefs);
        send(Topics.PREFERENCES, user.toString(), prefs); // redelivered: applied once
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from processed_events where consumer = 'job-service' and event_id = ?1",
                mapper.readTree(prefs).get("id").asText()) == 1);
        graphql(token, QUERIES, Map.of("u", user.toString()))
                .body("data.searchQueries.size()", is(1))
                .body("data.searchQueries[0].origin", is("PREFERENCES"))
                .body("data.searchQueries[0].query", is("backend"))
                .body("data.searchQueries[0].location", is("Berlin"));

        send(Topics.AI, user.toString(), event("SearchTermsGenerated", user.toString(), Map.of("userId", user.toString(),
                "termsId", UUID.randomUUID().toString(), "titles", List.of("nothing", "backend"), "skills", List.of(),
                "locations", List.of(), "model", "stub"), UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from search_queries where user_id = cast(?1 as uuid)", user.toString()) == 3);

        // another user sees none of it and may not run everybody's ingestion
        String other = TestJwt.forUser(UUID.randomUUID());
        graphql(other, QUERIES, Map.of("u", user.toString())).body("errors[0].extensions.code", is("FORBIDDEN"))
                .body("data.searchQueries", nullValue());
        graphql(other, "mutation { ingestDailyJobs(allUsers: true) { id } }", Map.of())
                .body("errors[0].extensions.code", is("FORBIDDEN"));
        graphql(null, QUERIES, Map.of("u", user.toString())).body("errors[0].extensions.code", is("UNAUTHENTICATED"));
        graphql(null, "mutation { ingestDailyJobs { id } }", Map.of())
                .body("errors[0].extensions.code", is("UNAUTHENTICATED"));

        try (KafkaConsumer<String, String> jobsTopic = reader()) {
            String runId = graphql(token, "mutation { ingestDailyJobs { id userId status } }", Map.of())
                    .body("errors", nullValue())
                    .body("data.ingestDailyJobs.userId", is(user.toString()))
                    .body("data.ingestDailyJobs.status", is("RUNNING"))
                    .extract().jsonPath().getString("data.ingestDailyJobs.id");
            // the run goes on in the background: its final counts through ingestionRun
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "COMPLETED".equals(
                    graphql(token, "query($id: ID!) { ingestionRun(id: $id) { status } }", Map.of("id", runId))
                            .extract().jsonPath().getString("data.ingestionRun.status")));
            graphql(token, """
                    query($id: ID!) { ingestionRun(id: $id) { id userId queries sources { source status fetched created updated error } } }""",
                    Map.of("id", runId)).body("errors", nullValue())
                    .body("data.ingestionRun.userId", is(user.toString()))
                    .body("data.ingestionRun.queries", is(3))
                    .body("data.ingestionRun.sources.find { it.source == 'REMOTIVE' }.status", is("OK"))
                    .body("data.ingestionRun.sources.find { it.source == 'SERPAPI' }.status", is("OK"));
            graphql(token, QUERIES, Map.of("u", user.toString()))
                    .body("data.searchQueries.findAll { it.runs == 1 }.size()", is(3))
                    .body("data.searchQueries.find { it.query == 'backend' && it.location == 'Berlin' }.lastRunAt",
                            notNullValue())
                    .body("data.searchQueries.find { it.query == 'backend' && it.location == 'Berlin' }.lastResultCount",
                            is(7));

            // the outbox relayed IngestionCompleted (key: run id) and JobIngested events to the real broker
            List<JsonNode> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var r : jobsTopic.poll(Duration.ofMillis(200))) {
                    seen.add(((com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(r.value())).put("_key", r.key()));
                }
                return seen.stream().anyMatch(e -> e.path("_key").asText().equals(runId)
                        && e.get("type").asText().equals("IngestionCompleted"))
                        && resultsOf(seen, user).size() == 3;
            });
            // one SearchResultsFound per query of the user (key: user id); the same listings returned by two of
            // their queries are new in one of them only
            List<JsonNode> results = resultsOf(seen, user);
            assertEquals(List.of("", "", "Berlin"), results.stream().map(e -> e.at("/data/location").asText())
                    .sorted().toList());
            JsonNode nothing = results.stream().filter(e -> e.at("/data/query").asText().equals("nothing"))
                    .findFirst().orElseThrow();
            assertEquals(0, nothing.at("/data/jobIds").size());
            assertEquals(0, nothing.at("/data/newJobIds").size());
            List<JsonNode> backend = results.stream().filter(e -> e.at("/data/query").asText().equals("backend"))
                    .toList();
            assertEquals(2, backend.size());
            List<String> returned = ids(backend.get(0).at("/data/jobIds"));
            assertFalse(returned.isEmpty());
            assertEquals(returned, ids(backend.get(1).at("/data/jobIds")), "the same listings for both locations");
            List<String> newInEither = new ArrayList<>(ids(backend.get(0).at("/data/newJobIds")));
            newInEither.addAll(ids(backend.get(1).at("/data/newJobIds")));
            assertEquals(returned, newInEither.stream().sorted().toList(), "each listing new exactly once");
            assertTrue(backend.stream().allMatch(e -> e.at("/data/runId").asText().equals(runId)
                    && e.at("/data/userId").asText().equals(user.toString())));
            // the run's events, in order (one key, one partition): each source as it finished, then the end
            List<JsonNode> ofRun = seen.stream().filter(e -> e.path("_key").asText().equals(runId)).toList();
            assertEquals(List.of("IngestionSourceFinished:REMOTIVE", "IngestionSourceFinished:SERPAPI",
                    "IngestionSourceFinished:ASHBY", "IngestionSourceFinished:GREENHOUSE",
                    "IngestionSourceFinished:LEVER", "IngestionCompleted:"), ofRun.stream()
                            .map(e -> e.get("type").asText() + ":" + e.at("/data/source").asText("")).toList());
            JsonNode completed = ofRun.get(ofRun.size() - 1);
            assertEquals("IngestionCompleted", completed.get("type").asText());
            assertEquals(user.toString(), completed.at("/data/userId").asText());
            assertEquals(5, completed.at("/data/sources").size(), "Remotive, SerpAPI and the three board sources");
            JsonNode ingested = seen.stream().filter(e -> e.get("type").asText().equals("JobIngested")
                    && e.at("/data/company").asText().equals("Umbrella Corp")).findFirst().orElseThrow();
            assertEquals(ingested.get("subject").asText(), ingested.at("/data/jobId").asText());
            assertEquals("SERPAPI", ingested.at("/data/source").asText());
            assertEquals("EUR", ingested.at("/data/salaryCurrency").asText());
            assertTrue(ingested.at("/data/postedAt").asText().endsWith("Z"));
        }

        send(Topics.USERS, user.toString(), event("UserDeleted", user.toString(),
                Map.of("userId", user.toString(), "deletedAt", Instant.now().toString()), UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from search_queries where user_id = cast(?1 as uuid)", user.toString()) == 0);
    }

    private static List<JsonNode> resultsOf(List<JsonNode> seen, UUID user) {
        return seen.stream().filter(e -> e.get("type").asText().equals("SearchResultsFound")
                && e.path("_key").asText().equals(user.toString())).toList();
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(id -> out.add(id.asText()));
        return out.stream().sorted().toList();
    }

    @Test
    void rotationCoversADifferentSliceEachRun() {
        UUID user = UUID.randomUUID();
        TestSupport.join(() -> Panache.withTransaction(() -> queries.replace(user, "PREFERENCES",
                queries.specs(List.of("a", "b", "c"), List.of("X"), false))));
        var first = TestSupport.join(() -> Panache.withSession(() -> queries.nextSlice(user, 2)));
        assertEquals(2, first.size());
        first.values().forEach(ids -> TestSupport.join(() -> Panache.withTransaction(
                () -> queries.recordRun(ids, Instant.now(), 1))));
        var second = TestSupport.join(() -> Panache.withSession(() -> queries.nextSlice(user, 2)));
        SearchSpec next = second.keySet().iterator().next();
        assertTrue(!first.containsKey(next), "the query never run comes first: " + next);
        // the preferences change: surviving queries keep their history, dropped ones go
        String ran = first.keySet().iterator().next().query();
        TestSupport.join(() -> Panache.withTransaction(() -> queries.replace(user, "PREFERENCES",
                queries.specs(List.of(ran, "d"), List.of("X"), false))));
        assertEquals(2L, count("select count(*) from search_queries where user_id = cast(?1 as uuid)", user.toString()));
        assertNotEquals(0L, count("select count(*) from search_queries where user_id = cast(?1 as uuid) and query = ?2 "
                + "and runs = 1", user.toString(), ran));
    }

    private KafkaConsumer<String, String> reader() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "jobs-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.JOBS));
        return c;
    }
}
