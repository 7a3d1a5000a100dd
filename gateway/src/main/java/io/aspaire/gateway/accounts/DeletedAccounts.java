package io.aspaire.gateway.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.aspaire.gateway.config.GatewayConfig;

/**
 * Accounts deleted recently, by user id, as announced by user-service ({@code UserDeleted} on
 * {@code aspaire.users.v1}). The gateway refuses their access tokens at once, whatever the operation.
 * <p>
 * A deletion only needs remembering for as long as a token issued before it can still be valid: the access-token
 * lifetime (plus the clock skew tokens are verified with). Older entries are dropped, which bounds the set by the
 * deletions of one token lifetime. Refresh tokens cannot outlive the account: user-service deletes them with it.
 */
@ApplicationScoped
public class DeletedAccounts {

    /** Tolerance for clocks that disagree between user-service and the gateway. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Map<String, Instant> deletedAt = new ConcurrentHashMap<>();
    /** Told of every deletion as it arrives (the subscription sockets close the user's connections). */
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Duration rememberFor;
    private final Clock clock;
    private volatile Instant lastPruned = Instant.EPOCH;

    @Inject
    public DeletedAccounts(GatewayConfig config) {
        this(config.deletedAccounts().accessTokenLifetime(), Clock.systemUTC());
    }

    DeletedAccounts(Duration accessTokenLifetime, Clock clock) {
        this.rememberFor = accessTokenLifetime.plus(CLOCK_SKEW);
        this.clock = clock;
    }

    /** How far back a deletion still matters (the consumer starts reading the topic there). */
    public Duration rememberFor() {
        return rememberFor;
    }

    /** Records a deletion; one older than {@link #rememberFor()} is ignored (every token of that user has expired). */
    public void deleted(String userId, Instant at) {
        Instant now = clock.instant();
        if (at.isBefore(now.minus(rememberFor))) {
            return;
        }
        deletedAt.merge(userId, at, (first, again) -> first.isBefore(again) ? first : again);
        listeners.forEach(listener -> listener.accept(userId));
        if (lastPruned.isBefore(now.minusSeconds(60))) {
            lastPruned = now;
            prune(now);
        }
    }

    /** {@code listener} is called with the user id of every deletion recorded from now on. */
    public void onDeletion(Consumer<String> listener) {
        listeners.add(listener);
    }

    public boolean isDeleted(String userId) {
        Instant at = userId == null ? null : deletedAt.get(userId);
        if (at == null) {
            return false;
        }
        if (at.isBefore(clock.instant().minus(rememberFor))) {
            deletedAt.remove(userId, at);
            return false;
        }
        return true;
    }

    /** How many deletions are remembered now (for health data and tests). */
    public int size() {
        return deletedAt.size();
    }

    private void prune(Instant now) {
        Instant oldest = now.minus(rememberFor);
        deletedAt.entrySet().removeIf(entry -> entry.getValue().isBefore(oldest));
    }
}
