package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;
import io.aspaire.pipeline.support.Kafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Applications: saving, moving, the history timeline, paging, removal, events and the federation entry points. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ApplicationsTest {

    static final String APP_FIELDS = "id userId jobId stage jobTitle job { id } history { from to comment at }";

    @Test
    void stageChangesBuildTheHistoryAndSaveJobIsIdempotent() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String id = user.saveJob(jobId, null);
        assertEquals(id, user.saveJob(jobId, null), "saving the same job again returns the same application");
        assertEquals(id, user.saveJob(jobId, "SAVED"));

        JsonPath moved = user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: APPLIED, comment: \"sent CV\") "
                + "{ stage } }", "id", id);
        assertEquals("APPLIED", moved.getString("data.moveApplication.stage"));
        // saveJob with a stage moves an existing application; a move to the current stage is a no-op
        assertEquals(id, user.saveJob(jobId, "INTERVIEW"));
        user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: INTERVIEW) { stage } }", "id", id);
        user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: OFFER, comment: \"  offer!  \") { stage } }",
                "id", id);

        JsonPath app = user.ok("query($id: ID!) { application(id: $id) { " + APP_FIELDS + " } }", "id", id);
        assertEquals(jobId.toString(), app.getString("data.application.jobId"));
        assertEquals(jobId.toString(), app.getString("data.application.job.id"));
        assertEquals(user.userId.toString(), app.getString("data.application.userId"));
        assertEquals("OFFER", app.getString("data.application.stage"));
        List<Map<String, Object>> history = app.getList("data.application.history");
        assertEquals(4, history.size(), history.toString());
        assertStep(history.get(0), null, "SAVED", null);
        assertStep(history.get(1), "SAVED", "APPLIED", "sent CV");
        assertStep(history.get(2), "APPLIED", "INTERVIEW", null);
        assertStep(history.get(3), "INTERVIEW", "OFFER", "offer!");

        assertEquals(4L, Db.count("select count(*) from stage_history where application_id = cast(?1 as uuid)", id));
        assertEquals(1L, Db.count("select count(*) from job_applications where user_id = cast(?1 as uuid)",
                user.userId.toString()));
    }

    @Test
    void concurrentSavesOfTheSameJobMakeOneApplication() throws Exception {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> saves = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                saves.add(pool.submit(() -> user.saveJob(jobId, null)));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var save : saves) {
                ids.add(save.get());
            }
            assertEquals(1, ids.size(), ids.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, Db.count("select count(*) from job_applications where user_id = ?1", user.userId));
        assertEquals(1L, Db.count("select count(*) from stage_history where user_id = ?1", user.userId));
        assertEquals(1L, Db.count("select count(*) from outbox_events where event_type = 'ApplicationSaved' "
                + "and payload -> 'data' ->> 'userId' = ?1", user.userId.toString()));
    }

    @Test
    void changesAreEmittedThroughTheOutboxToKafka() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        try (Kafka.Reader topic = new Kafka.Reader("aspaire.applications.v1")) {
            String id = user.saveJob(jobId, null);
            user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: APPLIED, comment: \"c\") { id } }", "id", id);
            user.ok("mutation($id: ID!) { removeApplication(id: $id) }", "id", id);

            List<JsonNode> events = topic.awaitAtLeast(3, e -> id.equals(e.path("subject").asText()));
            assertEquals(List.of("ApplicationSaved", "StageChanged", "ApplicationRemoved"),
                    events.stream().map(e -> e.get("type").asText()).toList());
            JsonNode saved = events.get(0).get("data");
            assertEquals(id, saved.get("applicationId").asText());
            assertEquals(user.userId.toString(), saved.get("userId").asText());
            assertEquals(jobId.toString(), saved.get("jobId").asText());
            assertEquals("SAVED", saved.get("stage").asText());
            assertTrue(saved.get("at").asText().endsWith("Z"));
            JsonNode changed = events.get(1).get("data");
            assertEquals("SAVED", changed.get("from").asText());
            assertEquals("APPLIED", changed.get("to").asText());
            assertEquals("c", changed.get("comment").asText());
            assertEquals(jobId.toString(), events.get(2).get("data").get("jobId").asText());
        }
    }

    @Test
    void removeDeletesTheApplicationWithItsHistoryNotesAndReminders() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String id = user.saveJob(jobId, "APPLIED");
        user.ok("mutation($j: ID!) { addJobNote(jobId: $j, content: \"n\") { id } }", "j", jobId.toString());
        user.ok("mutation($j: ID!) { setReminder(jobId: $j, datetime: \"2030-01-01T09:00:00+01:00\") { id } }",
                "j", jobId.toString());
        assertEquals(true, user.ok("mutation($id: ID!) { removeApplication(id: $id) }", "id", id)
                .getBoolean("data.removeApplication"));
        for (String table : List.of("job_applications", "stage_history", "job_notes", "reminders")) {
            assertEquals(0L, Db.count("select count(*) from " + table + " where user_id = cast(?1 as uuid)",
                    user.userId.toString()), table);
        }
        user.fails("NOT_FOUND", "query($id: ID!) { application(id: $id) { id } }", "id", id);
        user.fails("NOT_FOUND", "mutation($id: ID!) { removeApplication(id: $id) }", "id", id);
    }

    @Test
    void pipelineIsPagedAndFilteredByStage() {
        Gql user = Gql.newUser();
        for (int i = 0; i < 5; i++) {
            user.saveJob(UUID.randomUUID(), i < 3 ? "SAVED" : "APPLIED");
        }
        String q = "query($u: ID!, $s: ApplicationStage, $p: Int, $n: Int) { pipelineJobs(userId: $u, stage: $s, "
                + "page: $p, size: $n) { totalCount page size items { id stage } } }";
        JsonPath all = user.ok(q, "u", user.userId.toString(), "p", 0, "n", 2);
        assertEquals(5, all.getInt("data.pipelineJobs.totalCount"));
        assertEquals(2, all.getList("data.pipelineJobs.items").size());
        JsonPath last = user.ok(q, "u", user.userId.toString(), "p", 2, "n", 2);
        assertEquals(1, last.getList("data.pipelineJobs.items").size());
        assertEquals(5, last.getInt("data.pipelineJobs.totalCount"));
        // past the end: no row carries the count, it is still the total
        JsonPath beyond = user.ok(q, "u", user.userId.toString(), "p", 7, "n", 2);
        assertEquals(List.of(), beyond.getList("data.pipelineJobs.items"));
        assertEquals(5, beyond.getInt("data.pipelineJobs.totalCount"));
        JsonPath none = user.ok(q, "u", user.userId.toString(), "s", "OFFER", "p", 0, "n", 20);
        assertEquals(0, none.getInt("data.pipelineJobs.totalCount"));
        JsonPath applied = user.ok(q, "u", user.userId.toString(), "s", "APPLIED", "p", 0, "n", 20);
        assertEquals(2, applied.getInt("data.pipelineJobs.totalCount"));
        assertEquals(List.of("APPLIED", "APPLIED"), applied.getList("data.pipelineJobs.items.stage"));

        assertTrue(user.fails("BAD_REQUEST", q, "u", user.userId.toString(), "p", 0, "n", 101)
                .getString("errors[0].message").contains("size must be between 1 and 100"));
        user.fails("BAD_REQUEST", q, "u", user.userId.toString(), "p", -1, "n", 10);
    }

    /**
     * A page is read on a stateless session that the read opens and closes itself (ApplicationService.list), so each
     * read must give its connection back: three times more reads than the pool has connections (20), in each of the
     * read's three forms (items only; items with the count; past the end, the count alone), all answer.
     */
    @Test
    void everyPipelineReadGivesItsConnectionBack() {
        Gql user = Gql.newUser();
        String jobId = UUID.randomUUID().toString();
        user.saveJob(UUID.fromString(jobId), "APPLIED");
        String itemsOnly = "query($u: ID!, $p: Int) { pipelineJobs(userId: $u, page: $p, size: 1) { items { jobId } } }";
        String counted = "query($u: ID!, $p: Int) { pipelineJobs(userId: $u, page: $p, size: 1) { totalCount "
                + "items { jobId } } }";
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(jobId), user.ok(itemsOnly, "u", user.userId.toString(), "p", 0)
                    .getList("data.pipelineJobs.items.jobId"));
            JsonPath first = user.ok(counted, "u", user.userId.toString(), "p", 0);
            assertEquals(List.of(jobId), first.getList("data.pipelineJobs.items.jobId"));
            assertEquals(1, first.getInt("data.pipelineJobs.totalCount"));
            JsonPath beyond = user.ok(counted, "u", user.userId.toString(), "p", 3);
            assertEquals(List.of(), beyond.getList("data.pipelineJobs.items"));
            assertEquals(1, beyond.getInt("data.pipelineJobs.totalCount"));
        }
    }

    @Test
    void badInputGetsClearErrors() {
        Gql user = Gql.newUser();
        String id = user.saveJob(UUID.randomUUID(), null);
        String accepted = user.fails("BAD_REQUEST",
                "mutation($id: ID!) { moveApplication(id: $id, stage: ACCEPTED) { id } }", "id", id)
                .getString("errors[0].message");
        assertTrue(accepted.contains("only an OFFER can be accepted"), accepted);

        // an unknown stage is refused by the schema, naming the argument and the enum
        JsonPath unknown = user.call("mutation($id: ID!) { moveApplication(id: $id, stage: HIRED) { id } }", "id", id);
        assertNull(unknown.get("data"));
        String message = unknown.getString("errors[0].message");
        assertTrue(message.contains("stage") && message.contains("ApplicationStage"), message);

        String badId = user.fails("BAD_REQUEST", "query { application(id: \"not-a-uuid\") { id } }")
                .getString("errors[0].message");
        assertTrue(badId.contains("not a valid id"), badId);
        user.fails("BAD_REQUEST", "mutation { saveJob(jobId: \"42\") { id } }");
        String longComment = "x".repeat(1001);
        assertTrue(user.fails("BAD_REQUEST", "mutation($id: ID!, $c: String) { moveApplication(id: $id, "
                + "stage: APPLIED, comment: $c) { id } }", "id", id, "c", longComment)
                .getString("errors[0].message").contains("limit is 1000"));
        user.fails("NOT_FOUND", "mutation($id: ID!) { moveApplication(id: $id, stage: APPLIED) { id } }",
                "id", UUID.randomUUID().toString());
    }

    @Test
    void callersWithoutAValidTokenAreRefused() {
        String q = "mutation { saveJob(jobId: \"" + UUID.randomUUID() + "\") { id } }";
        Gql.anonymous().fails("UNAUTHENTICATED", q);
        UUID someone = UUID.randomUUID();
        // an invalid token never reaches the resolvers: 401 at the HTTP layer
        for (String token : List.of(TestJwt.expired(someone), TestJwt.tampered(someone, UUID.randomUUID()))) {
            io.restassured.RestAssured.given().contentType("application/json")
                    .header("Authorization", "Bearer " + token)
                    .body(Map.of("query", q)).post("/graphql").then().statusCode(401);
        }
    }

    @Test
    void federationResolvesApplicationsAndJobApplicationsForTheCallerOnly() {
        Gql owner = Gql.newUser();
        Gql other = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String id = owner.saveJob(jobId, "INTERVIEW");
        String entities = "query($r: [_Any!]!) { _entities(representations: $r) { "
                + "... on Application { id stage jobId } ... on Job { id application { id stage } } } }";
        List<Map<String, Object>> reps = List.of(
                Map.of("__typename", "Application", "id", id),
                Map.of("__typename", "Application", "id", UUID.randomUUID().toString()),
                Map.of("__typename", "Job", "id", jobId.toString()),
                Map.of("__typename", "Job", "id", UUID.randomUUID().toString()));

        JsonPath mine = owner.ok(entities, "r", reps);
        assertEquals(id, mine.getString("data._entities[0].id"));
        assertEquals("INTERVIEW", mine.getString("data._entities[0].stage"));
        assertNull(mine.get("data._entities[1]"));
        assertEquals(jobId.toString(), mine.getString("data._entities[2].id"));
        assertEquals(id, mine.getString("data._entities[2].application.id"));
        assertNotNull(mine.get("data._entities[3]"));
        assertNull(mine.get("data._entities[3].application"));

        // another user resolves the same keys to nothing of the owner's
        JsonPath theirs = other.call(entities, "r", reps);
        assertNull(theirs.get("data._entities[0]"));
        assertNull(theirs.get("data._entities[2].application"));
        assertTrue(!theirs.prettify().contains(id), theirs.prettify());
    }

    private static void assertStep(Map<String, Object> step, String from, String to, String comment) {
        assertEquals(from, step.get("from"), step.toString());
        assertEquals(to, step.get("to"), step.toString());
        assertEquals(comment, step.get("comment"), step.toString());
        assertNotNull(step.get("at"));
    }
}
