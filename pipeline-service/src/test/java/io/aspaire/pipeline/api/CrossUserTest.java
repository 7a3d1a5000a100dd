package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Gql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A second user walks every operation against the first user's data: refused, nothing of it shown, nothing changed. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CrossUserTest {

    @Test
    void everyOperationRefusesAnotherUsersDataWithoutLeakingIt() {
        Gql owner = Gql.newUser();
        Gql intruder = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String appId = owner.saveJob(jobId, "APPLIED");
        String secret = "secret-note-" + UUID.randomUUID();
        String noteId = owner.ok("mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, content: $c) { id } }",
                "j", jobId.toString(), "c", secret).getString("data.addJobNote.id");
        String reminderId = owner.ok("mutation($j: ID!) { setReminder(jobId: $j, datetime: "
                + "\"2030-01-01T00:00:00Z\", note: \"secret reminder\") { id } }", "j", jobId.toString())
                .getString("data.setReminder.id");
        String ownerId = owner.userId.toString();
        String job = jobId.toString();

        // operations naming the owner's ids or user id: FORBIDDEN
        record Attempt(String code, String query, Object[] vars) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("FORBIDDEN", "query($id: ID!) { application(id: $id) { id stage jobTitle } }",
                        new Object[] { "id", appId }),
                new Attempt("FORBIDDEN", "mutation($id: ID!) { moveApplication(id: $id, stage: WITHDRAWN) { id } }",
                        new Object[] { "id", appId }),
                new Attempt("FORBIDDEN", "mutation($id: ID!) { removeApplication(id: $id) }",
                        new Object[] { "id", appId }),
                new Attempt("FORBIDDEN", "query($u: ID!) { pipelineJobs(userId: $u) { items { id } totalCount } }",
                        new Object[] { "u", ownerId }),
                new Attempt("FORBIDDEN", "query($u: ID!) { pipelineStats(userId: $u) { total } }",
                        new Object[] { "u", ownerId }),
                new Attempt("FORBIDDEN", "mutation($id: ID!) { editJobNote(id: $id, content: \"pwned\") { id } }",
                        new Object[] { "id", noteId }),
                new Attempt("FORBIDDEN", "mutation($id: ID!) { deleteJobNote(id: $id) }",
                        new Object[] { "id", noteId }),
                new Attempt("FORBIDDEN", "mutation($id: ID!) { cancelReminder(id: $id) { id } }",
                        new Object[] { "id", reminderId }),
                // job-addressed operations only see the caller's own pipeline, where this job is not
                new Attempt("NOT_FOUND", "query($j: ID!) { jobNotes(jobId: $j) { id content } }",
                        new Object[] { "j", job }),
                new Attempt("NOT_FOUND", "mutation($j: ID!) { addJobNote(jobId: $j, content: \"x\") { id } }",
                        new Object[] { "j", job }),
                new Attempt("NOT_FOUND", "mutation($j: ID!) { setReminder(jobId: $j, "
                        + "datetime: \"2030-01-01T00:00:00Z\") { id } }", new Object[] { "j", job }));
        int leaks = 0;
        for (Attempt attempt : attempts) {
            JsonPath response = intruder.fails(attempt.code(), attempt.query(), attempt.vars());
            String body = response.prettify();
            assertNull(response.get("data") instanceof Map<?, ?> m ? m.values().stream()
                    .filter(v -> v != null).findFirst().orElse(null) : null, body);
            if (body.contains(secret) || body.contains("secret reminder") || body.contains("APPLIED")) {
                leaks++;
            }
        }
        assertEquals(0, leaks);

        // lists scoped to the caller show none of the owner's data
        JsonPath reminders = intruder.ok("query($j: ID) { reminders(jobId: $j) { id } }", "j", job);
        assertEquals(List.of(), reminders.getList("data.reminders"));
        assertEquals(0, intruder.ok("query($u: ID!) { pipelineJobs(userId: $u) { totalCount } }",
                "u", intruder.userId.toString()).getInt("data.pipelineJobs.totalCount"));

        // the owner's data is untouched
        JsonPath app = owner.ok("query($id: ID!) { application(id: $id) { stage history { to } } }", "id", appId);
        assertEquals("APPLIED", app.getString("data.application.stage"));
        assertEquals(1, app.getList("data.application.history").size());
        assertEquals(List.of(secret), owner.ok("query($j: ID!) { jobNotes(jobId: $j) { content } }", "j", job)
                .getList("data.jobNotes.content"));
        assertEquals("PENDING", owner.ok("query { reminders { status } }").getString("data.reminders[0].status"));

        // saving the same job makes the intruder their own application, separate from the owner's
        String theirs = intruder.saveJob(jobId, null);
        assertFalse(theirs.equals(appId));
    }
}
