package io.aspaire.pipeline.messaging.in;

import io.aspaire.pipeline.support.Db;
import io.aspaire.pipeline.support.Gql;
import io.aspaire.pipeline.support.Kafka;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.pipeline.service.ApplicationService;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

/**
 * Account deletion as pipeline-service sees it, on the real broker: after UserDeleted every operation with the
 * user's token gets 401 within 5 s (another user's still works), nothing of theirs remains, and a write that got past
 * the token check just before the deletion is refused inside its transaction.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccountDeletionTest {

    static final String SAVE = "mutation($j: ID!) { saveJob(jobId: $j) { id } }";
    static final String NOTE = "mutation($j: ID!) { addJobNote(jobId: $j, content: \"n\") { id } }";
    static final String REMIND = "mutation($j: ID!) { setReminder(jobId: $j, datetime: \""
            + java.time.OffsetDateTime.now().plusDays(30).withNano(0) + "\") { id } }";

    @Inject
    ApplicationService applications;

    @Test
    void aDeletedUsersTokenIsRefusedEverywhereAndNothingOfTheirsRemains() {
        Gql user = Gql.newUser();
        Gql other = Gql.newUser();
        String token = TestJwt.forUser(user.userId);
        UUID job = UUID.randomUUID();
        user.saveJob(job, "APPLIED");
        user.ok(NOTE, "j", job.toString());
        user.ok(REMIND, "j", job.toString());
        other.saveJob(job, null);

        Kafka.send(ConsumersTest.USERS, user.userId.toString(), Kafka.cloudEvent(UUID.randomUUID().toString(),
                "UserDeleted", user.userId.toString(), Map.of("userId", user.userId.toString(),
                        "deletedAt", Instant.now().toString())));
        long sent = System.nanoTime();
        UUID another = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(token, SAVE, another) == 401);
        long refusedMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("pipeline-service: deleted user's token refused " + refusedMs + " ms after UserDeleted");
        assertTrue(refusedMs < 5000);
        for (String op : new String[] { SAVE, NOTE, REMIND,
                "query($j: ID!) { pipelineJobs(userId: \"" + user.userId + "\") { totalCount } }" }) {
            assertEquals(401, status(token, op, job), op);
        }
        other.ok(NOTE, "j", job.toString());

        for (String table : new String[] { "job_applications", "job_notes", "reminders", "stage_history" }) {
            assertEquals(0L, Db.count("select count(*) from " + table + " where user_id = ?1", user.userId), table);
        }
        assertEquals(1L, Db.count("select count(*) from job_applications where user_id = ?1", other.userId));
        assertEquals(1L, Db.count("select count(*) from deleted_accounts where user_id = ?1", user.userId));

        // a saveJob authenticated just before the tombstone arrived still creates nothing
        assertThrows(UnauthenticatedException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> applications.save(user.userId, UUID.randomUUID(), null)));
        assertEquals(0L, Db.count("select count(*) from job_applications where user_id = ?1", user.userId));
    }

    @Test
    void deadLettersAreReplayedByAdministratorsOnly() {
        UUID admin = UUID.randomUUID();
        String path = "/admin/dead-letters/aspaire.jobs.v1.dlq/replay";
        given().post(path).then().statusCode(401);
        given().header("Authorization", "Bearer " + TestJwt.forUser(UUID.randomUUID())).post(path).then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + TestJwt.forUser(admin, "user", "admin"))
                .post("/admin/dead-letters/aspaire.jobs.v1/replay").then().statusCode(400);
        var replayed = given().header("Authorization", "Bearer " + TestJwt.forUser(admin, "user", "admin"))
                .post(path).then().statusCode(200).extract().jsonPath();
        assertEquals("aspaire.jobs.v1", replayed.getString("topic"));
        assertTrue(replayed.getInt("replayed") >= 0);
    }

    private static int status(String token, String query, UUID job) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", query, "variables", Map.of("j", job.toString())))
                .post("/graphql").statusCode();
    }
}
