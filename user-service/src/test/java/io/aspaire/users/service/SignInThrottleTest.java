package io.aspaire.users.service;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Sign-in throttling (issue 10 #13). The test profile trusts the test client as a proxy, so X-Forwarded-For plays
 * the client address (in production only a configured proxy is trusted). Defaults: 5 failures per (account, address)
 * pair, 20 per account from addresses without a recent success, 50 per address; then 1 s, doubling.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SignInThrottleTest {

    @Test
    void repeatedFailuresAre429WithRetryAfterAnotherAddressStillSignsInAndTheBlockExpires() throws Exception {
        Api.Session owner = Api.newUser("throttle");
        String attacker = randomAddress();
        for (int i = 0; i < 5; i++) {
            login(owner.email(), "wrong password " + i, attacker).then().statusCode(401);
        }
        Response blocked = login(owner.email(), "wrong password again", attacker);
        assertEquals(429, blocked.statusCode(), blocked.asString());
        assertEquals("TOO_MANY_REQUESTS", blocked.jsonPath().getString("code"));
        int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        // blocked means blocked: not even the right password is checked from there
        assertEquals(429, login(owner.email(), Api.PASSWORD, attacker).statusCode());
        // the owner, elsewhere, is not locked out
        assertEquals(200, login(owner.email(), Api.PASSWORD, randomAddress()).statusCode());
        // and the block ends after Retry-After (not before: the attempts just above were refused)
        long blockedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(retryAfter + 5L)).pollInterval(Duration.ofMillis(250))
                .until(() -> login(owner.email(), Api.PASSWORD, attacker).statusCode() == 200);
        long blockedMs = (System.nanoTime() - blockedAt) / 1_000_000;
        assertTrue(blockedMs >= retryAfter * 1000L - 1_000, "the block lasted about Retry-After: " + blockedMs + " ms");
    }

    @Test
    void theDelayDoublesWithEveryFurtherFailure() throws Exception {
        Api.Session owner = Api.newUser("throttle-doubling");
        String attacker = randomAddress();
        for (int i = 0; i < 5; i++) {
            login(owner.email(), "wrong " + i, attacker).then().statusCode(401);
        }
        int first = Integer.parseInt(login(owner.email(), "wrong", attacker).then().statusCode(429)
                .extract().header("Retry-After"));
        // once the block ends, a wrong password is checked again (401) and blocks anew, for twice as long
        await().atMost(Duration.ofSeconds(first + 5L)).pollInterval(Duration.ofMillis(250))
                .until(() -> login(owner.email(), "wrong again", attacker).statusCode() == 401);
        int second = Integer.parseInt(login(owner.email(), "wrong", attacker).then().statusCode(429)
                .extract().header("Retry-After"));
        assertEquals(2, second, "1 s, then 2 s (first was " + first + ")");
    }

    /** Guesses spread over many addresses slow down new addresses, never the one the owner signs in from. */
    @Test
    void anAttackOnTheAccountDoesNotLockTheOwnerOut() {
        Api.Session owner = Api.newUser("throttle-account");
        String ownersAddress = randomAddress();
        assertEquals(200, login(owner.email(), Api.PASSWORD, ownersAddress).statusCode());
        for (int i = 0; i < 25; i++) {
            int status = login(owner.email(), "guess " + i, randomAddress()).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
        }
        Response newAddress = login(owner.email(), Api.PASSWORD, randomAddress());
        assertEquals(429, newAddress.statusCode(), "the account is under attack: new addresses wait");
        assertEquals(200, login(owner.email(), Api.PASSWORD, ownersAddress).statusCode(),
                "the owner's known address still signs in");
    }

    @Test
    void oneAddressTryingManyAccountsIsThrottled() {
        String sprayer = randomAddress();
        int throttled = 0;
        for (int i = 0; i < 55; i++) {
            int status = login(Api.uniqueEmail("nobody"), "Password1", sprayer).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            throttled += status == 429 ? 1 : 0;
        }
        assertTrue(throttled >= 4, "the address was throttled after 50 failures: " + throttled + " of 55 were 429");
    }

    private static Response login(String email, String password, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password)).post("/user/login");
    }

    private static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
