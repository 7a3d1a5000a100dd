package io.aspaire.jobs.messaging.in;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.jobs.domain.SearchQuery;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * What job-service reacts to: preferences and AI search terms rebuild a user's search queries; a deleted user's
 * data goes (tombstone + {@link JobsUserDataEraser}), and a user-scoped event arriving after that (in whatever order
 * the topics deliver) applies nothing. Every effect goes through the inbox (applied at most once per event).
 */
@ApplicationScoped
public class JobsEventConsumers {

    static final String CONSUMER = "job-service";

    private final Inbox inbox;
    private final EventCodec codec;
    private final SearchQueryService queries;
    private final DeletedAccounts deletedAccounts;

    public JobsEventConsumers(Inbox inbox, EventCodec codec, SearchQueryService queries,
            DeletedAccounts deletedAccounts) {
        this.inbox = inbox;
        this.codec = codec;
        this.queries = queries;
        this.deletedAccounts = deletedAccounts;
    }

    @Incoming("preferences-in")
    public Uni<Void> onPreferences(String value) {
        return inbox.consume(CONSUMER, value, event -> switch (event.type()) {
            case "PreferencesChanged" -> {
                PreferencesChanged p = codec.fromData(event, PreferencesChanged.class);
                boolean remote = "YES".equalsIgnoreCase(p.remote());
                UUID user = user(p.userId());
                yield deletedAccounts.applyUnlessDeleted(user, () -> queries.replace(user, SearchQuery.PREFERENCES,
                        queries.specs(p.jobTitles(), p.locations(), remote)));
            }
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    @Incoming("ai-in")
    public Uni<Void> onAi(String value) {
        return inbox.consume(CONSUMER, value, event -> switch (event.type()) {
            case "SearchTermsGenerated" -> {
                SearchTermsGenerated t = codec.fromData(event, SearchTermsGenerated.class);
                UUID user = user(t.userId());
                yield deletedAccounts.applyUnlessDeleted(user, () -> queries.replace(user, SearchQuery.AI_TERMS,
                        queries.specs(t.titles(), t.locations() == null ? List.of() : t.locations(), false)));
            }
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    @Incoming("users-in")
    public Uni<Void> onUsers(String value) {
        return inbox.consume(CONSUMER, value, event -> switch (event.type()) {
            case "UserDeleted" -> deletedAccounts.erase(user(codec.fromData(event, UserDeleted.class).userId()));
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    private static UUID user(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("userId is not a UUID: " + id);
        }
    }
}
