package io.aspaire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.DeletedAccountsCache;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Tombstones on real PostgreSQL: a write that was let in just before the account's erasure cannot outlive it (the
 * erasure waits for it, then removes what it wrote), nothing is written afterwards, and every replica's cache learns
 * of the deletion within about a second.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DeletedAccountsTest {

    @Inject
    DeletedAccounts accounts;
    @Inject
    DeletedAccountsCache cache;

    @Test
    void aWriteRacingTheErasureIsErasedAndLaterWritesAreRefused() throws Throwable {
        UUID user = UUID.randomUUID();
        // a write that passed its checks just before the deletion, still running when the erasure starts
        CompletableFuture<Integer> slowWrite = CompletableFuture.supplyAsync(() -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> accounts.requireActive(user)
                                .chain(() -> insertEffect(user))
                                .onItem().delayIt().by(Duration.ofMillis(700))));
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        // the write is in flight once it holds its shared advisory lock on the user
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> advisoryLocksHeld() > 0);
        long start = System.nanoTime();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> accounts.erase(user)));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        slowWrite.get();
        assertTrue(waitedMs >= 300, "the erasure waited for the write in flight (" + waitedMs + " ms)");
        assertEquals(0L, effects(user), "what the racing write stored was erased");

        UnauthenticatedException refused = assertThrows(UnauthenticatedException.class, () -> VertxContextSupport
                .subscribeAndAwait(() -> Panache.withTransaction(() -> accounts.requireActive(user)
                        .chain(() -> insertEffect(user)))));
        assertEquals(DeletedAccounts.DELETED, refused.getMessage());
        boolean applied = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> accounts.applyUnlessDeleted(user, () -> insertEffect(user))));
        assertFalse(applied, "a late event for a deleted user applies nothing");
        assertEquals(0L, effects(user));

        // erasing twice (a redelivered UserDeleted) is harmless
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> accounts.erase(user)));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.isDeleted(user.toString()));
        assertFalse(cache.isDeleted(UUID.randomUUID().toString()));
    }

    @Test
    void checksOutsideATransactionAreRefused() {
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> accounts.requireActive(UUID.randomUUID()))));
    }

    private static Uni<Integer> insertEffect(UUID user) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into probe_effect (event_id, probe_id) values (:e, :p)")
                .setParameter("e", UUID.randomUUID().toString()).setParameter("p", user).executeUpdate());
    }

    private static long advisoryLocksHeld() throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("select count(*) from pg_locks where locktype = 'advisory' "
                            + "and granted", Long.class).getSingleResult())));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long effects(UUID user) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select count(*) from probe_effect where probe_id = :p", Long.class)
                        .setParameter("p", user).getSingleResult())));
    }
}
