package io.aspaire.gateway.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Deletions are remembered for one access-token lifetime (plus clock skew), no longer. */
class DeletedAccountsTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-30T02:00:00Z");

        public Instant instant() {
            return now;
        }

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void rememberedForOneTokenLifetimeThenForgotten() {
        MovableClock clock = new MovableClock();
        DeletedAccounts accounts = new DeletedAccounts(Duration.ofMinutes(15), clock);
        accounts.deleted("u1", clock.now);
        accounts.deleted("u2", clock.now.minus(Duration.ofHours(1))); // every token of u2 has expired already
        assertTrue(accounts.isDeleted("u1"));
        assertFalse(accounts.isDeleted("u2"));
        assertFalse(accounts.isDeleted(null));
        assertEquals(1, accounts.size());

        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertTrue(accounts.isDeleted("u1"), "within the clock skew");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertFalse(accounts.isDeleted("u1"));
        assertEquals(0, accounts.size(), "forgotten entries are dropped");
    }
}
