package io.aspaire.platform.postgresql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@link DeletedAccounts} on PostgreSQL: table {@code deleted_accounts} (migration db/platform V0_2). Writes and
 * user-scoped consumers take a SHARED transaction-level advisory lock on the user and then read the tombstone (two
 * statements: in READ COMMITTED the check's snapshot must be taken after the lock is granted); {@link #erase} takes
 * it EXCLUSIVE before writing the tombstone and deleting. So a write either commits before the erasure starts (and
 * is erased) or waits for it and then sees the tombstone. Everything runs in the caller's transaction.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresDeletedAccounts implements DeletedAccounts {

    private final Mutiny.SessionFactory sessions;
    private final Instance<UserDataEraser> eraser;

    public PostgresDeletedAccounts(Mutiny.SessionFactory sessions, Instance<UserDataEraser> eraser) {
        this.sessions = sessions;
        this.eraser = eraser;
    }

    @Override
    public Uni<Void> requireActive(UUID userId) {
        return inTransaction("requireActive")
                .chain(s -> lock(s, userId, false).chain(() -> isDeleted(s, userId)))
                .chain(deleted -> deleted ? Uni.createFrom().failure(DeletedAccounts.deleted())
                        : Uni.createFrom().voidItem());
    }

    @Override
    public <T> Uni<T> guardWrite(UUID userId, Supplier<Uni<T>> write) {
        return requireActive(userId).chain(() -> write.get());
    }

    @Override
    public Uni<Boolean> applyUnlessDeleted(UUID userId, Supplier<Uni<?>> effect) {
        return inTransaction("applyUnlessDeleted")
                .chain(s -> lock(s, userId, false).chain(() -> isDeleted(s, userId)))
                .chain(deleted -> deleted ? Uni.createFrom().item(false) : effect.get().replaceWith(true));
    }

    @Override
    public Uni<Void> erase(UUID userId) {
        return inTransaction("erase")
                .chain(s -> lock(s, userId, true)
                        .chain(() -> s.createNativeQuery(
                                "insert into deleted_accounts (user_id) values (:u) on conflict do nothing")
                                .setParameter("u", userId).executeUpdate())
                        .chain(() -> eraser.isResolvable() ? eraser.get().eraseUserData(userId)
                                : Uni.createFrom().voidItem())
                        // events already sent stay in the outbox for a week (audit, replay); a deleted user's go now
                        .chain(() -> s.createNativeQuery("""
                                delete from outbox_events
                                where sent_at is not null and payload -> 'data' ->> 'userId' = :u""")
                                .setParameter("u", userId.toString()).executeUpdate()))
                .replaceWithVoid();
    }

    @Override
    public Uni<Boolean> isDeleted(UUID userId) {
        return Panache.currentTransaction().chain(tx -> tx != null
                ? Panache.getSession().chain(s -> isDeleted(s, userId))
                : sessions.withSession(s -> isDeleted(s, userId)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Uni<List<Tombstone>> recordedAfter(Instant since) {
        return sessions.withSession(s -> s.createNativeQuery(
                "select user_id, deleted_at from deleted_accounts where deleted_at > :since", Object[].class)
                .setParameter("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Tombstone((UUID) r[0], instant(r[1]))).toList());
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return ((Instant) value);
    }

    private static Uni<Mutiny.Session> inTransaction(String operation) {
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "DeletedAccounts." + operation + " must run inside the transaction of the write"))
                .chain(tx -> Panache.getSession());
    }

    private static Uni<Long> lock(Mutiny.Session s, UUID userId, boolean exclusive) {
        String function = exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared";
        return s.createNativeQuery("select count(*) from " + function + "(hashtextextended(:key, 0))", Long.class)
                .setParameter("key", "aspaire.account:" + userId)
                .getSingleResult();
    }

    private static Uni<Boolean> isDeleted(Mutiny.Session s, UUID userId) {
        return s.createNativeQuery("select count(*) from deleted_accounts where user_id = :u", Long.class)
                .setParameter("u", userId)
                .getSingleResult()
                .map(n -> n > 0);
    }
}
