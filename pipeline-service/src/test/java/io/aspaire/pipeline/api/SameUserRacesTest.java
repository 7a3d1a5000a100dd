package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * One user racing themself: 20 GraphQL calls at once on one application. Every call must end in success or a clear
 * NOT_FOUND/CONFLICT (never "System error"), promptly, and the database must keep its invariants: no note or
 * reminder left for a removed application, none lost for an existing one, one application per job, a history that
 * is one unbroken chain ending at the current stage.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SameUserRacesTest {

    static final int PARALLEL = 20;
    static final String ADD_NOTE = "mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, content: $c) { id } }";
    static final String SET_REMINDER = "mutation($j: ID!, $d: String!) { setReminder(jobId: $j, datetime: $d) { id } }";
    static final String REMOVE = "mutation($id: ID!) { removeApplication(id: $id) }";
    static final String MOVE = "mutation($id: ID!, $s: ApplicationStage!) { moveApplication(id: $id, stage: $s) "
            + "{ stage } }";
    static final String SAVE = "mutation($j: ID!, $s: ApplicationStage) { saveJob(jobId: $j, stage: $s) { id } }";
    static final List<String> STAGES = List.of("APPLIED", "INTERVIEW", "OFFER", "REJECTED", "WITHDRAWN", "SAVED");

    static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void removeApplicationRacingAddJobNoteLeavesNoOrphanAndLosesNoNote() throws Exception {
        for (int round = 0; round < 5; round++) {
            Gql user = Gql.newUser();
            UUID jobId = UUID.randomUUID();
            String appId = user.saveJob(jobId, null);
            List<Supplier<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                String content = "note " + i;
                calls.add(i == PARALLEL / 2 ? () -> user.call(REMOVE, "id", appId)
                        : () -> user.call(ADD_NOTE, "j", jobId.toString(), "c", content));
            }
            List<JsonPath> answers = race(calls, Set.of("NOT_FOUND", "CONFLICT"));
            assertEquals(Boolean.TRUE, answers.get(PARALLEL / 2).get("data.removeApplication"),
                    answers.get(PARALLEL / 2).prettify());
            assertEquals(0L, Db.count("select count(*) from job_applications where id = ?1", UUID.fromString(appId)));
            assertEquals(0L, Db.count("select count(*) from job_notes where job_id = ?1", jobId),
                    "a note survived its removed application");
            // the job can be saved again and takes notes again: nothing half-removed is in the way
            user.saveJob(jobId, null);
            user.ok(ADD_NOTE, "j", jobId.toString(), "c", "after");
            assertEquals(1L, Db.count("select count(*) from job_notes where job_id = ?1", jobId));
        }
    }

    @Test
    void setReminderRacingRemoveApplicationLeavesNoOrphan() throws Exception {
        String due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString();
        for (int round = 0; round < 5; round++) {
            Gql user = Gql.newUser();
            UUID jobId = UUID.randomUUID();
            String appId = user.saveJob(jobId, null);
            List<Supplier<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                calls.add(i == PARALLEL / 2 ? () -> user.call(REMOVE, "id", appId)
                        : () -> user.call(SET_REMINDER, "j", jobId.toString(), "d", due));
            }
            race(calls, Set.of("NOT_FOUND", "CONFLICT"));
            assertEquals(0L, Db.count("select count(*) from job_applications where id = ?1", UUID.fromString(appId)));
            assertEquals(0L, Db.count("select count(*) from reminders where job_id = ?1", jobId),
                    "a reminder survived its removed application");
        }
    }

    @Test
    void noteAndReminderChangesRacingRemoveApplicationLeaveNothingBehind() throws Exception {
        String due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString();
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = user.saveJob(jobId, null);
        List<String> noteIds = new ArrayList<>();
        List<String> reminderIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            noteIds.add(user.ok(ADD_NOTE, "j", jobId.toString(), "c", "n" + i).getString("data.addJobNote.id"));
            reminderIds.add(user.ok(SET_REMINDER, "j", jobId.toString(), "d", due).getString("data.setReminder.id"));
        }
        String edit = "mutation($id: ID!) { editJobNote(id: $id, content: \"edited\") { id } }";
        String delete = "mutation($id: ID!) { deleteJobNote(id: $id) }";
        String cancel = "mutation($id: ID!) { cancelReminder(id: $id) { id } }";
        List<Supplier<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String note = noteIds.get(i);
            String reminder = reminderIds.get(i);
            String noteChange = i % 2 == 0 ? edit : delete;
            calls.add(() -> user.call(noteChange, "id", note));
            // the same reminder cancelled twice at once: one CONFLICT (already CANCELLED) or NOT_FOUND (removed)
            calls.add(() -> user.call(cancel, "id", reminder));
            calls.add(() -> user.call(cancel, "id", reminder));
        }
        calls.add(() -> user.call(REMOVE, "id", appId));
        race(calls, Set.of("NOT_FOUND", "CONFLICT"));
        assertEquals(0L, Db.count("select count(*) from job_applications where id = ?1", UUID.fromString(appId)));
        assertEquals(0L, Db.count("select count(*) from job_notes where job_id = ?1", jobId));
        assertEquals(0L, Db.count("select count(*) from reminders where job_id = ?1", jobId));
    }

    @Test
    void deletesOfDifferentRowsAtOnceAllSucceed() throws Exception {
        Gql user = Gql.newUser();
        List<Supplier<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL / 2; i++) {
            UUID noteJob = UUID.randomUUID();
            user.saveJob(noteJob, null);
            String note = user.ok(ADD_NOTE, "j", noteJob.toString(), "c", "n").getString("data.addJobNote.id");
            String app = user.saveJob(UUID.randomUUID(), null);
            calls.add(() -> user.call("mutation($id: ID!) { deleteJobNote(id: $id) }", "id", note));
            calls.add(() -> user.call(REMOVE, "id", app));
        }
        // no error is acceptable here: the rows are all different
        race(calls, Set.of());
        assertEquals((long) PARALLEL / 2, Db.count("select count(*) from job_applications where user_id = ?1",
                user.userId));
        assertEquals(0L, Db.count("select count(*) from job_notes where user_id = ?1", user.userId));
    }

    @Test
    void removeApplicationTwentyTimesAtOnceRemovesItOnce() throws Exception {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = user.saveJob(jobId, null);
        List<Supplier<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            calls.add(() -> user.call(REMOVE, "id", appId));
        }
        List<JsonPath> answers = race(calls, Set.of("NOT_FOUND"));
        assertEquals(1, answers.stream().filter(a -> Boolean.TRUE.equals(a.get("data.removeApplication"))).count());
        assertEquals(1L, Db.count("select count(*) from outbox_events where event_type = 'ApplicationRemoved' "
                + "and payload -> 'data' ->> 'applicationId' = ?1", appId));
    }

    @Test
    void parallelMovesKeepOneUnbrokenHistory() throws Exception {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = user.saveJob(jobId, null);
        List<Supplier<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String stage = STAGES.get(i % STAGES.size());
            calls.add(() -> user.call(MOVE, "id", appId, "s", stage));
        }
        race(calls, Set.of("NOT_FOUND", "CONFLICT"));
        assertHistoryIsOneChain(UUID.fromString(appId));
    }

    @Test
    void addJobNoteWhileMovingLosesNoNote() throws Exception {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = user.saveJob(jobId, null);
        List<Supplier<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String stage = STAGES.get(i % STAGES.size());
            String content = "note " + i;
            calls.add(i % 2 == 0 ? () -> user.call(MOVE, "id", appId, "s", stage)
                    : () -> user.call(ADD_NOTE, "j", jobId.toString(), "c", content));
        }
        List<JsonPath> answers = race(calls, Set.of("CONFLICT"));
        long added = answers.stream().filter(a -> a.get("data.addJobNote.id") != null).count();
        assertEquals(PARALLEL / 2, added, "every note on an existing application is accepted");
        assertEquals(added, Db.count("select count(*) from job_notes where application_id = ?1",
                UUID.fromString(appId)), "a note that was answered with success is missing");
        assertHistoryIsOneChain(UUID.fromString(appId));
    }

    @Test
    void parallelSaveJobMakesOneApplicationWithOneHistory() throws Exception {
        for (int round = 0; round < 3; round++) {
            Gql user = Gql.newUser();
            UUID jobId = UUID.randomUUID();
            List<Supplier<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                String stage = i % 3 == 0 ? null : STAGES.get(i % STAGES.size());
                calls.add(() -> user.call(SAVE, "j", jobId.toString(), "s", stage));
            }
            List<JsonPath> answers = race(calls, Set.of("CONFLICT"));
            Set<Object> ids = new java.util.HashSet<>();
            answers.forEach(a -> ids.add(a.get("data.saveJob.id")));
            ids.remove(null);
            assertEquals(1, ids.size(), ids.toString());
            assertEquals(1L, Db.count("select count(*) from job_applications where user_id = ?1", user.userId));
            assertEquals(1L, Db.count("select count(*) from outbox_events where event_type = 'ApplicationSaved' "
                    + "and payload -> 'data' ->> 'userId' = ?1", user.userId.toString()));
            assertHistoryIsOneChain(UUID.fromString((String) ids.iterator().next()));
        }
    }

    /** Each stage change starts where the previous one ended, and the last one is the application's stage. */
    private static void assertHistoryIsOneChain(UUID appId) {
        List<Object[]> rows = Db.query("select from_stage, to_stage from stage_history where application_id = ?1 "
                + "order by changed_at, id", appId);
        assertTrue(rows.get(0)[0] == null, "the first history row has no from stage");
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(i - 1)[1], rows.get(i)[0], "history breaks at row " + i);
        }
        List<Object> stage = Db.query("select stage from job_applications where id = ?1", appId);
        assertEquals(stage.get(0), rows.get(rows.size() - 1)[1], "the last history row is the current stage");
        assertEquals((long) rows.size(), Db.count("select count(*) from outbox_events where payload -> 'data' "
                + "->> 'applicationId' = ?1 and event_type in ('ApplicationSaved', 'StageChanged')",
                appId.toString()), "one event per history row");
    }

    /**
     * Runs the calls at the same moment and returns their answers in order. Each must be a success or an error with
     * one of the allowed codes and a message that is not "System error", within 10 s.
     */
    static List<JsonPath> race(List<Supplier<JsonPath>> calls, Set<String> allowedCodes) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonPath>> futures = new ArrayList<>();
        for (Supplier<JsonPath> call : calls) {
            futures.add(POOL.submit(() -> {
                start.await();
                return call.get();
            }));
        }
        start.countDown();
        List<JsonPath> answers = new ArrayList<>();
        for (Future<JsonPath> f : futures) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }
        for (JsonPath answer : answers) {
            List<Map<String, Object>> errors = answer.getList("errors");
            if (errors == null || errors.isEmpty()) {
                continue;
            }
            String code = answer.getString("errors[0].extensions.code");
            String message = answer.getString("errors[0].message");
            assertTrue(allowedCodes.contains(code) && !message.contains("System error"),
                    "unexpected answer: " + answer.prettify());
        }
        return answers;
    }
}
