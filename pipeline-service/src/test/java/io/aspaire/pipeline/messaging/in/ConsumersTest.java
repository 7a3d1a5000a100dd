package io.aspaire.pipeline.messaging.in;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;
import io.aspaire.pipeline.support.Kafka;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The consumers against records sent to the real broker the way job-service and user-service send them. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ConsumersTest {

    static final String JOBS = "aspaire.jobs.v1";
    static final String USERS = "aspaire.users.v1";

    @Test
    void aJobIngestedDeliveredTwiceLeavesOneSnapshotAndIsAppliedOnce() {
        UUID jobId = UUID.randomUUID();
        String ingestedId = UUID.randomUUID().toString();
        String ingested = Kafka.cloudEvent(ingestedId, "JobIngested", jobId.toString(), job(jobId, "Engineer"));
        Kafka.send(JOBS, jobId.toString(), ingested);
        await().atMost(Duration.ofSeconds(30)).until(() -> title(jobId) != null);
        assertEquals("Engineer", title(jobId));

        Kafka.send(JOBS, jobId.toString(), Kafka.cloudEvent(UUID.randomUUID().toString(), "JobUpdated",
                jobId.toString(), job(jobId, "Senior Engineer")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Senior Engineer".equals(title(jobId)));

        // the very same JobIngested record again (a relay retry): had it been applied, the title would go back
        Kafka.send(JOBS, jobId.toString(), ingested);
        String marker = UUID.randomUUID().toString();
        Kafka.send(JOBS, jobId.toString(), Kafka.cloudEvent(marker, "IngestionCompleted", jobId.toString(),
                Map.of("runId", UUID.randomUUID().toString())));
        // same key, same partition: once the marker is processed, so is the duplicate before it
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "select count(*) from processed_events where event_id = ?1", marker) == 1L);
        assertEquals(1L, Db.count("select count(*) from job_snapshots where job_id = ?1", jobId));
        assertEquals("Senior Engineer", title(jobId));
        assertEquals(1L, Db.count("select count(*) from processed_events where event_id = ?1", ingestedId));
    }

    @Test
    void aJobSavedBeforeItsSnapshotArrivedIsFilledInLater() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String id = user.saveJob(jobId, null);
        String q = "query($id: ID!) { application(id: $id) { jobTitle company location applyUrl } }";
        assertEquals(null, user.ok(q, "id", id).getString("data.application.jobTitle"));

        Kafka.send(JOBS, jobId.toString(), Kafka.cloudEvent(UUID.randomUUID().toString(), "JobIngested",
                jobId.toString(), job(jobId, "Data Scientist")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Data Scientist".equals(user.ok(q, "id", id).getString("data.application.jobTitle")));
        JsonPath app = user.ok(q, "id", id);
        assertEquals("Acme", app.getString("data.application.company"));
        assertEquals("Lisbon", app.getString("data.application.location"));
        assertEquals("https://acme.example/jobs/1", app.getString("data.application.applyUrl"));

        // and a job whose snapshot is already here is copied at save time
        Gql other = Gql.newUser();
        String otherId = other.saveJob(jobId, null);
        assertEquals("Data Scientist", other.ok(q, "id", otherId).getString("data.application.jobTitle"));
    }

    @Test
    void userDeletedRemovesEverythingOfThatUserOnly() {
        Gql doomed = Gql.newUser();
        Gql survivor = Gql.newUser();
        for (Gql user : List.of(doomed, survivor)) {
            UUID jobId = UUID.randomUUID();
            String id = user.saveJob(jobId, null);
            user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: APPLIED) { id } }", "id", id);
            user.ok("mutation($j: ID!) { addJobNote(jobId: $j, content: \"note\") { id } }", "j", jobId.toString());
            user.ok("mutation($j: ID!) { setReminder(jobId: $j, datetime: \"" + java.time.OffsetDateTime.now()
                    .plusDays(30).withNano(0) + "\") { id } }",
                    "j", jobId.toString());
            user.saveJob(UUID.randomUUID(), "SAVED");
        }
        Map<String, Long> before = rows(survivor.userId);

        String userId = doomed.userId.toString();
        String event = Kafka.cloudEvent(UUID.randomUUID().toString(), "UserDeleted", userId,
                Map.of("userId", userId, "deletedAt", "2026-11-26T10:00:00Z"));
        Kafka.send(USERS, userId, event);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(doomed.userId).values().stream()
                .allMatch(n -> n == 0L));
        assertEquals(before, rows(survivor.userId));
        assertEquals(Map.of("job_applications", 2L, "stage_history", 3L, "job_notes", 1L, "reminders", 1L),
                before);
    }

    private static Map<String, Long> rows(UUID userId) {
        Map<String, Long> out = new HashMap<>();
        for (String table : List.of("job_applications", "stage_history", "job_notes", "reminders")) {
            out.put(table, Db.count("select count(*) from " + table + " where user_id = ?1", userId));
        }
        return out;
    }

    private static String title(UUID jobId) {
        List<Object> rows = Db.query("select title from job_snapshots where job_id = ?1", jobId);
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    private static Map<String, Object> job(UUID jobId, String title) {
        Map<String, Object> data = new HashMap<>();
        data.put("jobId", jobId.toString());
        data.put("source", "REMOTIVE");
        data.put("externalId", "ext-1");
        data.put("title", title);
        data.put("company", "Acme");
        data.put("location", "Lisbon");
        data.put("remote", true);
        data.put("applyUrl", "https://acme.example/jobs/1");
        data.put("tags", List.of("java"));
        return data;
    }
}
