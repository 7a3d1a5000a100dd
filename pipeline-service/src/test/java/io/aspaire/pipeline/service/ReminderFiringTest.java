package io.aspaire.pipeline.service;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;
import io.aspaire.pipeline.support.Kafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.pipeline.service.ReminderScheduler;
import io.aspaire.pipeline.service.ReminderService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Reminders fire exactly once, through the scheduler and when claimers race, on the real broker. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ReminderFiringTest {

    @Inject
    ReminderService reminderService;
    @Inject
    ReminderScheduler scheduler;

    @Test
    void theSchedulerFiresADueReminderOnce() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = user.saveJob(jobId, "APPLIED");
        String due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
        try (Kafka.Reader topic = new Kafka.Reader("aspaire.reminders.v1")) {
            String id = user.ok("mutation($j: ID!, $d: String!) { setReminder(jobId: $j, datetime: $d, "
                    + "note: \"follow up\") { id } }", "j", jobId.toString(), "d", due)
                    .getString("data.setReminder.id");
            List<JsonNode> events = topic.awaitAtLeast(1, e -> id.equals(e.path("subject").asText()));
            JsonNode data = events.get(0).get("data");
            assertEquals("ReminderDue", events.get(0).get("type").asText());
            assertEquals(id, data.get("reminderId").asText());
            assertEquals(user.userId.toString(), data.get("userId").asText());
            assertEquals(appId, data.get("applicationId").asText());
            assertEquals(jobId.toString(), data.get("jobId").asText());
            assertEquals("follow up", data.get("note").asText());
            assertEquals(OffsetDateTime.parse(due).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    OffsetDateTime.parse(data.get("dueAt").asText()).toInstant());
            assertEquals("FIRED", user.ok("query { reminders { status firedAt } }")
                    .getString("data.reminders[0].status"));
            // later scheduler runs do not fire it again
            assertEquals(1, topic.drain(Duration.ofSeconds(3), e -> id.equals(e.path("subject").asText())).size());
            assertEquals(1L, Db.count("select count(*) from outbox_events where event_type = 'ReminderDue' "
                    + "and record_key = ?1", id));
        }
    }

    @Test
    void twoInstancesRacingOverTheSameDueRemindersFireEachExactlyOnce() throws Exception {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        user.saveJob(jobId, "INTERVIEW");
        int n = 40;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(user.ok("mutation($j: ID!) { setReminder(jobId: $j, datetime: \"2030-01-01T00:00:00Z\") { id } }",
                    "j", jobId.toString()).getString("data.setReminder.id"));
        }
        scheduler.pause(); // only the two racing "instances" below claim
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Kafka.Reader topic = new Kafka.Reader("aspaire.reminders.v1")) {
            // all due at once (setReminder refuses past times, so the fixture moves them)
            assertEquals(n, Db.update("update reminders set due_at = now() - interval '1 minute' "
                    + "where user_id = cast(?1 as uuid)", user.userId.toString()));
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<List<UUID>>> instances = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                instances.add(pool.submit(() -> {
                    start.await();
                    List<UUID> fired = new ArrayList<>();
                    // small batches so the two claimers interleave over the same rows
                    while (true) {
                        List<UUID> batch = claim(3);
                        if (batch.isEmpty()) {
                            return fired;
                        }
                        fired.addAll(batch);
                    }
                }));
            }
            List<UUID> a = instances.get(0).get();
            List<UUID> b = instances.get(1).get();
            Set<String> mine = new HashSet<>(ids);
            List<String> firedByA = a.stream().map(UUID::toString).filter(mine::contains).toList();
            List<String> firedByB = b.stream().map(UUID::toString).filter(mine::contains).toList();
            assertTrue(Collections.disjoint(firedByA, firedByB), "a reminder was claimed by both instances");
            assertEquals(n, firedByA.size() + firedByB.size());
            assertEquals(mine, new HashSet<>(concat(firedByA, firedByB)));

            // exactly one FIRED row and one ReminderDue outbox row per reminder
            assertEquals((long) n, Db.count("select count(*) from reminders where user_id = cast(?1 as uuid) "
                    + "and status = 'FIRED' and fired_at is not null", user.userId.toString()));
            List<Object[]> perReminder = Db.query("select record_key, count(*) from outbox_events "
                    + "where event_type = 'ReminderDue' and record_key in (?1) group by record_key", ids);
            assertEquals(n, perReminder.size());
            perReminder.forEach(row -> assertEquals(1L, ((Number) row[1]).longValue(), String.valueOf(row[0])));

            // and exactly one ReminderDue per reminder on the broker
            topic.awaitAtLeast(n, e -> mine.contains(e.path("data").path("reminderId").asText()));
            Map<String, Long> onBroker = topic.drain(Duration.ofSeconds(3),
                    e -> mine.contains(e.path("data").path("reminderId").asText())).stream()
                    .collect(Collectors.groupingBy(e -> e.get("data").get("reminderId").asText(),
                            Collectors.counting()));
            assertEquals(n, onBroker.size());
            onBroker.forEach((id, count) -> assertEquals(1L, count, "ReminderDue records for " + id));
        } finally {
            scheduler.resume();
            pool.shutdownNow();
        }
    }

    private List<UUID> claim(int limit) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> reminderService.fireDue(limit));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
