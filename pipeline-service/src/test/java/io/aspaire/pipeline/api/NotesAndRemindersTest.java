package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class NotesAndRemindersTest {

    static final String ADD = "mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, content: $c) { id content } }";
    static final String SET = "mutation($j: ID!, $d: String!, $n: String) { setReminder(jobId: $j, datetime: $d, "
            + "note: $n) { id status dueAt note jobId } }";

    @Test
    void notesAreAddedListedEditedAndDeleted() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        user.saveJob(jobId, null);
        String list = "query($j: ID!) { jobNotes(jobId: $j) { id content } }";
        // no notes yet on a job in the pipeline: an empty list, not NOT_FOUND
        assertEquals(List.of(), user.ok(list, "j", jobId.toString()).getList("data.jobNotes"));
        String first = user.ok(ADD, "j", jobId.toString(), "c", "  recruiter is Ana  ").getString("data.addJobNote.id");
        user.ok(ADD, "j", jobId.toString(), "c", "second");
        // a note of the same user on another job is not listed here
        UUID otherJob = UUID.randomUUID();
        user.saveJob(otherJob, null);
        user.ok(ADD, "j", otherJob.toString(), "c", "elsewhere");
        // a page past the last note is empty, not NOT_FOUND
        assertEquals(List.of(), user.ok("query($j: ID!) { jobNotes(jobId: $j, page: 5, size: 2) { id } }", "j",
                jobId.toString()).getList("data.jobNotes"));
        assertEquals(List.of("recruiter is Ana", "second"),
                user.ok(list, "j", jobId.toString()).getList("data.jobNotes.content"));

        JsonPath edited = user.ok("mutation($id: ID!) { editJobNote(id: $id, content: \"Ana -> Bea\") "
                + "{ content updatedAt createdAt } }", "id", first);
        assertEquals("Ana -> Bea", edited.getString("data.editJobNote.content"));
        assertEquals(true, user.ok("mutation($id: ID!) { deleteJobNote(id: $id) }", "id", first)
                .getBoolean("data.deleteJobNote"));
        assertEquals(List.of("second"), user.ok(list, "j", jobId.toString()).getList("data.jobNotes.content"));
        user.fails("NOT_FOUND", "mutation($id: ID!) { deleteJobNote(id: $id) }", "id", first);
    }

    @Test
    void noteInputIsChecked() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        user.saveJob(jobId, null);
        // Bean Validation on the note's input record, in the platform's "field: message" wording
        assertEquals("content: is 5001 characters long; the limit is 5000", user.fails("BAD_REQUEST", ADD,
                "j", jobId.toString(), "c", "x".repeat(5001)).getString("errors[0].message"));
        assertEquals("content: must not be blank", user.fails("BAD_REQUEST", ADD, "j", jobId.toString(), "c", "   ")
                .getString("errors[0].message"));
        user.ok(ADD, "j", jobId.toString(), "c", "y".repeat(5000));
        // a job that is not in the caller's pipeline
        assertTrue(user.fails("NOT_FOUND", ADD, "j", UUID.randomUUID().toString(), "c", "hi")
                .getString("errors[0].message").contains("not in your pipeline"));
    }

    @Test
    void remindersAreSetListedAndCancelled() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        user.saveJob(jobId, "APPLIED");
        JsonPath set = user.ok(SET, "j", jobId.toString(), "d", "2030-03-01T09:30:00+02:00", "n", "call back");
        String id = set.getString("data.setReminder.id");
        assertEquals("PENDING", set.getString("data.setReminder.status"));
        assertEquals("call back", set.getString("data.setReminder.note"));
        assertEquals(OffsetDateTime.parse("2030-03-01T07:30:00Z").toInstant(),
                OffsetDateTime.parse(set.getString("data.setReminder.dueAt")).toInstant());
        user.ok(SET, "j", jobId.toString(), "d", "2029-01-01T00:00:00Z", "n", null);

        String list = "query($j: ID, $s: ReminderStatus) { reminders(jobId: $j, status: $s) { id status } }";
        assertEquals(2, user.ok(list, "j", jobId.toString()).getList("data.reminders").size());
        assertEquals("CANCELLED", user.ok("mutation($id: ID!) { cancelReminder(id: $id) { status } }", "id", id)
                .getString("data.cancelReminder.status"));
        assertEquals(1, user.ok(list, "s", "PENDING").getList("data.reminders").size());
        assertEquals(List.of(id), user.ok(list, "s", "CANCELLED").getList("data.reminders.id"));
        assertTrue(user.fails("CONFLICT", "mutation($id: ID!) { cancelReminder(id: $id) { status } }", "id", id)
                .getString("errors[0].message").contains("already CANCELLED"));
    }

    @Test
    void reminderTimesInThePastOrUnparseableAreRejected() {
        Gql user = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        user.saveJob(jobId, null);
        String past = OffsetDateTime.now(ZoneOffset.ofHours(2)).minusMinutes(1).toString();
        assertTrue(user.fails("BAD_REQUEST", SET, "j", jobId.toString(), "d", past)
                .getString("errors[0].message").contains("datetime must be in the future"));
        for (String bad : List.of("tomorrow", "2030-01-01T09:00:00", "2030-13-01T09:00:00Z", "")) {
            String message = user.fails("BAD_REQUEST", SET, "j", jobId.toString(), "d", bad)
                    .getString("errors[0].message");
            assertTrue(message.contains("ISO-8601"), message);
        }
        assertTrue(user.fails("BAD_REQUEST", SET, "j", jobId.toString(), "d", "2030-01-01T09:00:00Z",
                "n", "n".repeat(501)).getString("errors[0].message").contains("limit is 500"));
        assertEquals(0L, Db.count("select count(*) from reminders where user_id = cast(?1 as uuid)",
                user.userId.toString()));
    }
}
