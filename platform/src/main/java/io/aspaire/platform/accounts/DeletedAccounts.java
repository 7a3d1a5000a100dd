package io.aspaire.platform.accounts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.aspaire.platform.errors.UnauthenticatedException;
import io.smallrye.mutiny.Uni;

/**
 * Tombstones of deleted accounts, kept by each service in its own store, and the one way every service keeps a
 * deleted user's data from coming back:
 * <ul>
 * <li>{@link #erase} (UserDeleted consumers; user-service's account deletion) records the tombstone and runs the
 * service's {@link UserDataEraser}.</li>
 * <li>{@link #requireActive} / {@link #guardWrite} (every write path of a user) refuse a deleted user with 401.</li>
 * <li>{@link #applyUnlessDeleted} (every consumer of a user-scoped event) applies nothing for a deleted user, so a
 * late event, in whatever order it arrives, has no effect.</li>
 * </ul>
 * Tokens of a deleted user are refused by {@link DeletedAccountAugmentor} within about a second of the tombstone
 * (every replica reads the store, see {@link DeletedAccountsCache}).
 *
 * <p>The race between a write authenticated just before the tombstone and the erasure is closed per store:
 * PostgreSQL writes hold a shared per-user advisory lock to the end of their transaction and check the tombstone
 * after taking it, while {@link #erase} takes the same lock exclusively; MongoDB (no multi-document transactions)
 * checks before the write and again after it, and erases again if the tombstone appeared meanwhile.
 */
public interface DeletedAccounts {

    String DELETED = "this account has been deleted";

    /**
     * Fails with 401 if {@code userId} is deleted. PostgreSQL: call first inside the write's transaction (the lock it
     * takes lasts until commit). MongoDB: only a check; prefer {@link #guardWrite}.
     */
    Uni<Void> requireActive(UUID userId);

    /** Runs {@code write} for {@code userId} unless deleted (401), such that nothing it wrote survives an erasure. */
    <T> Uni<T> guardWrite(UUID userId, Supplier<Uni<T>> write);

    /** Runs {@code effect} unless {@code userId} is deleted; returns whether it ran. For user-scoped consumers. */
    Uni<Boolean> applyUnlessDeleted(UUID userId, Supplier<Uni<?>> effect);

    /** Records the tombstone of {@code userId} and erases that user's data here; idempotent. */
    Uni<Void> erase(UUID userId);

    /** Whether {@code userId} is deleted, read from the store. */
    Uni<Boolean> isDeleted(UUID userId);

    /** Tombstones recorded after {@code since}, for {@link DeletedAccountsCache}. */
    Uni<List<Tombstone>> recordedAfter(Instant since);

    record Tombstone(UUID userId, Instant deletedAt) {
    }

    static UnauthenticatedException deleted() {
        return new UnauthenticatedException(DELETED);
    }
}
