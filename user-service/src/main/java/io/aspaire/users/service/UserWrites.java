package io.aspaire.users.service;

import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.LockModeType;

import io.aspaire.platform.errors.UnauthenticatedException;
import io.aspaire.users.domain.UserEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * One user's writes, one at a time. Each write transaction first locks the user's row ({@code SELECT ... FOR
 * UPDATE}); a second write of the same user (a double click, parallel requests, another device) waits for the first
 * to commit and then sees its result: a resume deleted twice is deleted once (the second gets 404), the default
 * resume changes one after the other (always exactly one default), a user's first resumes are numbered one after
 * the other (only the first becomes the default). Without it the same requests raced to deadlocks and unique-index
 * violations. Different users never wait for each other.
 *
 * <p>Locking the row also checks that the account still exists: a token of a deleted account gets 401, never a
 * foreign-key error. A deadlock or serialisation failure (possible against writers that do not take this lock) is
 * retried a few times.
 */
final class UserWrites {

    private static final int RETRIES = 3;
    /** deadlock_detected, serialization_failure */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private UserWrites() {
    }

    /** {@code work} in a transaction that holds the lock of {@code userId}'s row. */
    static <T> Uni<T> inTransaction(UUID userId, Supplier<Uni<? extends T>> work) {
        Uni<T> locked = Uni.createFrom().deferred(
                () -> Panache.withTransaction(() -> lock(userId).<T> chain(user -> work.get())));
        return locked
                // resubscribed at once, on the same context (a delayed retry would run on another thread)
                .onFailure(e -> isOneOf(sqlState(e), RETRYABLE)).retry().atMost(RETRIES)
                .onFailure(e -> FOREIGN_KEY_VIOLATION.equals(sqlState(e))).transform(e -> (Throwable) accountGone());
    }

    private static Uni<UserEntity> lock(UUID userId) {
        return UserEntity.<UserEntity> findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(UserWrites::accountGone);
    }

    static UnauthenticatedException accountGone() {
        return new UnauthenticatedException("the account of this token no longer exists: sign in again");
    }

    private static boolean isOneOf(String state, Set<String> states) {
        return state != null && states.contains(state);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState();
            }
        }
        return null;
    }
}
