package io.aspaire.platform.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * This replica's in-memory view of recent tombstones, so that checking a token costs no query. Refreshed from the
 * service's own store every second: replicas share one consumer group, so only one of them applies a UserDeleted,
 * but every one of them reads the tombstone it wrote. Only tombstones younger than {@code window} are held: older
 * ones can have no unexpired access token left (tokens live minutes; refresh tokens are deleted with the account).
 */
@ApplicationScoped
public class DeletedAccountsCache {

    private static final Logger LOG = Logger.getLogger(DeletedAccountsCache.class);
    /** Tombstones become visible at commit, possibly a little after their {@code deleted_at}: read back this far. */
    private static final Duration COMMIT_LAG = Duration.ofMinutes(1);

    private final DeletedAccounts accounts;
    private final Event<AccountDeleted> events;
    private final Duration window;
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();
    private volatile Instant newestSeen;

    public DeletedAccountsCache(DeletedAccounts accounts, Event<AccountDeleted> events,
            @ConfigProperty(name = "aspaire.deleted-accounts.token-window", defaultValue = "P1D") Duration window) {
        this.accounts = accounts;
        this.events = events;
        this.window = window;
    }

    /** Whether the token subject {@code userId} belongs to an account deleted within the window. */
    public boolean isDeleted(String userId) {
        return userId != null && deleted.containsKey(userId.toLowerCase(Locale.ROOT));
    }

    /**
     * This replica has just committed the deletion itself (user-service): refuse the account's tokens at once rather
     * than at the next refresh. Call only after the commit.
     */
    public void remember(java.util.UUID userId) {
        if (deleted.putIfAbsent(userId.toString(), Instant.now()) == null) {
            events.fire(new AccountDeleted(userId.toString()));
        }
    }

    @Scheduled(every = "${aspaire.deleted-accounts.refresh-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshOnSchedule() {
        return refresh().onFailure().invoke(e -> LOG.warnf("deleted accounts not refreshed, will retry: %s",
                e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Reads tombstones recorded since the last refresh (with a margin); returns how many were new. */
    public Uni<Integer> refresh() {
        Instant horizon = Instant.now().minus(window);
        Instant last = newestSeen;
        Instant since = last == null || last.minus(COMMIT_LAG).isBefore(horizon) ? horizon : last.minus(COMMIT_LAG);
        return accounts.recordedAfter(since).map(tombstones -> {
            int added = 0;
            for (DeletedAccounts.Tombstone t : tombstones) {
                if (newestSeen == null || t.deletedAt().isAfter(newestSeen)) {
                    newestSeen = t.deletedAt();
                }
                if (deleted.putIfAbsent(t.userId().toString(), t.deletedAt()) == null) {
                    added++;
                    events.fire(new AccountDeleted(t.userId().toString()));
                }
            }
            deleted.values().removeIf(at -> at.isBefore(horizon));
            return added;
        });
    }
}
