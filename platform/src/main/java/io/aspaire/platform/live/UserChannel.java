package io.aspaire.platform.live;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The open GraphQL subscriptions of one kind of event on this pod, by user: a service's per-pod broadcast consumer
 * {@link #publish}es each event to its user, and only that user's subscriptions receive it. Nothing is kept for a
 * user with no subscription here (one map lookup per event), and a subscription that ends (complete, cancel,
 * failure) releases its place at once.
 * <p>
 * Each subscription buffers at most {@link #buffer} events its client has not taken yet; beyond that it fails with
 * Mutiny's {@code BackPressureFailure} (the gateway reading it is stuck) instead of growing without bound.
 */
public final class UserChannel<T> {

    /** The buffer of each subscription unless a service chooses otherwise (docs/architecture.md "Subscriptions"). */
    public static final int DEFAULT_BUFFER = 256;

    private final ConcurrentHashMap<UUID, Set<MultiEmitter<? super T>>> byUser = new ConcurrentHashMap<>();
    private final int buffer;

    public UserChannel() {
        this(DEFAULT_BUFFER);
    }

    public UserChannel(int buffer) {
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer must be at least 1, was " + buffer);
        }
        this.buffer = buffer;
    }

    /** A subscription to this user's events published from now on; it ends only when its subscriber ends it. */
    public Multi<T> subscribe(UUID userId) {
        return Multi.createFrom().<T> emitter(emitter -> {
            byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> byUser.computeIfPresent(userId, (k, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
        }, BackPressureStrategy.ERROR).onOverflow().buffer(buffer);
    }

    /** Whether the user has a subscription open on this pod (lets a consumer skip loading what nobody will see). */
    public boolean watched(UUID userId) {
        return byUser.containsKey(userId);
    }

    /** Open subscriptions of one user on this pod (tests wait on it). */
    public int count(UUID userId) {
        Set<MultiEmitter<? super T>> emitters = byUser.get(userId);
        return emitters == null ? 0 : emitters.size();
    }

    /** Open subscriptions of all users on this pod (a gauge reads it at each scrape: one pass over the users). */
    public int total() {
        int total = 0;
        for (Set<MultiEmitter<? super T>> emitters : byUser.values()) {
            total += emitters.size();
        }
        return total;
    }

    /** Hands the event to every open subscription of this user on this pod, and to no one else. */
    public void publish(UUID userId, T event) {
        Set<MultiEmitter<? super T>> emitters = byUser.get(userId);
        if (emitters != null) {
            emitters.forEach(emitter -> emitter.emit(event));
        }
    }
}
