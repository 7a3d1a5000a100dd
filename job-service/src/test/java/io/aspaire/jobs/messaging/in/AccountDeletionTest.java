package io.aspaire.jobs.messaging.in;

import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.graphql;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.aspaire.platform.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Account deletion as job-service sees it, on the real broker: after UserDeleted the user's token gets 401 within
 * 5 s (another user's still works), their search queries and runs are gone, and PreferencesChanged or
 * SearchTermsGenerated arriving late (after the deletion) store nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class AccountDeletionTest {

    static final String QUERIES = "query($u: ID!) { searchQueries(userId: $u) { id origin } }";

    @Inject
    ObjectMapper mapper;
    @Inject
    DeletedAccounts deletedAccounts;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aDeletedUsersTokenIsRefusedTheirDataIsGoneAndLateEventsApplyNothing() throws Exception {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        String otherToken = TestJwt.forUser(other);
        send(Topics.PREFERENCES, user, preferences(user, UUID.randomUUID().toString()));
        send(Topics.PREFERENCES, other, preferences(other, UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> queriesOf(user) == 1 && queriesOf(other) == 1);
        graphql(token, QUERIES, Map.of("u", user.toString())).body("data.searchQueries.size()", is(1));

        send(Topics.USERS, user, event("UserDeleted", user, Map.of("userId", user.toString(),
                "deletedAt", Instant.now().toString()), UUID.randomUUID().toString()));
        long sent = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(token, QUERIES, user) == 401);
        long refusedMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("job-service: deleted user's token refused " + refusedMs + " ms after UserDeleted");
        assertTrue(refusedMs < 5000);
        assertEquals(401, status(token, "mutation { ingestDailyJobs { id } }", user));
        graphql(otherToken, QUERIES, Map.of("u", other.toString())).body("errors", nullValue())
                .body("data.searchQueries.size()", is(1));
        assertEquals(0L, queriesOf(user));
        assertEquals(0L, count("select count(*) from ingestion_runs where user_id = cast(?1 as uuid)", user.toString()));

        // events of that user arriving after the deletion, on other topics: processed (not retried), nothing stored
        String latePrefs = UUID.randomUUID().toString();
        String lateTerms = UUID.randomUUID().toString();
        send(Topics.PREFERENCES, user, preferences(user, latePrefs));
        send(Topics.AI, user, event("SearchTermsGenerated", user, Map.of("userId", user.toString(),
                "termsId", UUID.randomUUID().toString(), "titles", List.of("backend", "platform"),
                "skills", List.of(), "locations", List.of("Berlin"), "model", "stub"), lateTerms));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(latePrefs) && processed(lateTerms));
        assertEquals(0L, queriesOf(user), "late PreferencesChanged / SearchTermsGenerated stored nothing");
    }

    @Test
    void aWriteLetInBeforeTheTombstoneIsRefusedInsideItsTransaction() {
        UUID user = UUID.randomUUID();
        TestSupport.join(() -> Panache.withTransaction(() -> deletedAccounts.erase(user)));
        // the token cache may not know yet; the write path checks the store itself
        assertThrows(UnauthenticatedException.class, () -> TestSupport.join(() -> Panache.withTransaction(
                () -> deletedAccounts.requireActive(user))));
    }

    private int status(String token, String query, UUID user) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", query, "variables", Map.of("u", user.toString())))
                .post("/graphql").statusCode();
    }

    private long queriesOf(UUID user) {
        return count("select count(*) from search_queries where user_id = cast(?1 as uuid)", user.toString());
    }

    private boolean processed(String eventId) {
        return count("select count(*) from processed_events where consumer = 'job-service' and event_id = ?1",
                eventId) == 1;
    }

    private String preferences(UUID user, String id) throws Exception {
        return event("PreferencesChanged", user, Map.of("userId", user.toString(), "jobTitles", List.of("backend"),
                "locations", List.of("Berlin"), "remote", "NO", "updatedAt", Instant.now().toString()), id);
    }

    private String event(String type, UUID subject, Object data, String id) throws Exception {
        return mapper.writeValueAsString(Map.of("specversion", "1.0", "id", id, "source", "/aspaire/test",
                "type", type, "subject", subject.toString(), "time", Instant.now().toString(),
                "datacontenttype", "application/json", "data", data));
    }

    private void send(String topic, UUID key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key.toString(), value)).get();
        }
    }
}
