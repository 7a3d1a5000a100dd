package io.aspaire.pipeline.messaging.in;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * UserDeleted from aspaire.users.v1: records the account's tombstone and erases everything of that user here
 * ({@link PipelineUserDataEraser}), once per event (inbox), in one transaction. Other user events are acknowledged.
 */
@ApplicationScoped
public class UserEventsConsumer {

    private final EventHandlers handlers;

    public UserEventsConsumer(Inbox inbox, EventCodec codec, DeletedAccounts deletedAccounts) {
        this.handlers = EventHandlers.builder(JobEventsConsumer.CONSUMER, inbox, codec)
                .on(UserDeleted.TYPE, UserDeleted.class,
                        data -> deletedAccounts.erase(EventHandlers.id(data.userId(), "userId")))
                .build();
    }

    @Incoming("users-in")
    public Uni<Void> onUserEvent(String value) {
        return handlers.consume(value);
    }
}
