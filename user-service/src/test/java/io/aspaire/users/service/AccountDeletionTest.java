package io.aspaire.users.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.users.api.PreferencesTest;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.DeletedAccountsCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

/**
 * DELETE /user/me: the account's access token is refused (401, never a foreign-key 500) by this replica at once and
 * by any other replica within about a second (it reads the tombstone from the database), nothing of the account is
 * left, and another user is unaffected.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccountDeletionTest {

    @Inject
    DeletedAccounts deletedAccounts;
    @Inject
    DeletedAccountsCache cache;

    @Test
    void afterDeletionTheOldTokenGets401EverywhereAndNothingRemains() throws Throwable {
        Api.Session user = Api.newUser("leaver");
        Api.Session other = Api.newUser("stayer");
        user.auth().contentType(ContentType.JSON).body(Map.of("title", "CV", "text", "Java developer"))
                .post("/resumes").then().statusCode(201);
        user.auth().contentType(ContentType.JSON).body(PreferencesTest.sample()).put("/preferences").then()
                .statusCode(200);

        user.auth().delete("/user/me").then().statusCode(204);
        long deleted = System.nanoTime();
        user.auth().get("/user/me").then().statusCode(401);
        System.out.println("user-service: deleted user's token refused "
                + (System.nanoTime() - deleted) / 1_000_000 + " ms after DELETE /user/me");
        user.auth().contentType(ContentType.JSON).body(Map.of("title", "CV", "text", "Java")).post("/resumes")
                .then().statusCode(401);
        user.auth().contentType(ContentType.JSON).body(PreferencesTest.sample()).put("/preferences").then()
                .statusCode(401);
        user.auth().get("/resumes").then().statusCode(401);
        assertEquals(401, Api.graphql(user.accessToken(), "{ me { id } }", null).statusCode());
        other.auth().get("/user/me").then().statusCode(200);

        for (String table : new String[] { "resumes", "preferences", "refresh_tokens", "user_identities" }) {
            assertEquals(0L, count("select count(*) from " + table + " where user_id = '" + user.id() + "'"),
                    table);
        }
        assertEquals(0L, count("select count(*) from users where id = '" + user.id() + "'"));
        assertEquals(1L, count("select count(*) from deleted_accounts where user_id = '" + user.id() + "'"));
    }

    @Test
    void anotherReplicaRefusesTheTokenWithinASecondOfTheTombstone() throws Throwable {
        // a tombstone written by another replica (not through this one's DELETE): only the refresh can tell
        UUID user = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + token).get("/resumes").then()
                .statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> deletedAccounts.erase(user)));
        long written = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> io.restassured.RestAssured
                .given().header("Authorization", "Bearer " + token).get("/resumes").statusCode() == 401);
        long ms = (System.nanoTime() - written) / 1_000_000;
        System.out.println("user-service: token refused " + ms + " ms after a tombstone written elsewhere");
        assertTrue(ms < 2000, ms + " ms");
        assertTrue(cache.isDeleted(user.toString()));
    }

    private static long count(String sql) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(sql, Long.class).getSingleResult())));
    }
}
