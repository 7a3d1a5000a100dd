package io.aspaire.jobs.messaging.in;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.jobs.domain.SearchQuery;
import io.aspaire.jobs.domain.WatchedBoard;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.jobs.service.WatchedBoards;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * What job-service reacts to: preferences and AI search terms rebuild a user's search queries (and preferences the
 * company boards they watch); a deleted user's
 * data goes (tombstone + {@link JobsUserDataEraser}), and a user-scoped event arriving after that (in whatever order
 * the topics deliver) applies nothing. One typed handler per event type, applied at most once through the inbox;
 * the other types of these topics are acknowledged and ignored.
 */
@ApplicationScoped
public class JobsEventConsumers {

    static final String CONSUMER = "job-service";

    private final EventHandlers handlers;

    public JobsEventConsumers(Inbox inbox, EventCodec codec, SearchQueryService queries, WatchedBoards watched,
            DeletedAccounts deletedAccounts) {
        this.handlers = EventHandlers.builder(CONSUMER, inbox, codec)
                .on("PreferencesChanged", PreferencesChanged.class, p -> {
                    UUID user = EventHandlers.id(p.userId(), "userId");
                    boolean remote = "YES".equalsIgnoreCase(p.remote());
                    List<WatchedBoard> boards = p.watchedCompanies() == null ? List.of()
                            : p.watchedCompanies().stream().filter(c -> c != null)
                                    .map(c -> new WatchedBoard(c.ats(), c.board(), c.company())).toList();
                    return deletedAccounts.applyUnlessDeleted(user, () -> queries.replace(user,
                            SearchQuery.PREFERENCES, queries.specs(p.jobTitles(), p.locations(), remote))
                            .chain(() -> watched.replace(user, boards)));
                })
                .on("SearchTermsGenerated", SearchTermsGenerated.class, t -> {
                    UUID user = EventHandlers.id(t.userId(), "userId");
                    return deletedAccounts.applyUnlessDeleted(user, () -> queries.replace(user, SearchQuery.AI_TERMS,
                            queries.specs(t.titles(), t.locations() == null ? List.of() : t.locations(), false)));
                })
                .on("UserDeleted", UserDeleted.class,
                        d -> deletedAccounts.erase(EventHandlers.id(d.userId(), "userId")))
                .build();
    }

    @Incoming("preferences-in")
    public Uni<Void> onPreferences(String value) {
        return handlers.consume(value);
    }

    @Incoming("ai-in")
    public Uni<Void> onAi(String value) {
        return handlers.consume(value);
    }

    @Incoming("users-in")
    public Uni<Void> onUsers(String value) {
        return handlers.consume(value);
    }
}
