package io.aspaire.pipeline.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * UserDeleted from aspaire.users.v1: records the account's tombstone and erases everything of that user here
 * ({@link PipelineUserDataEraser}), once per event (inbox), in one transaction.
 */
@ApplicationScoped
public class UserEventsConsumer {

    private final Inbox inbox;
    private final EventCodec codec;
    private final DeletedAccounts deletedAccounts;

    public UserEventsConsumer(Inbox inbox, EventCodec codec, DeletedAccounts deletedAccounts) {
        this.inbox = inbox;
        this.codec = codec;
        this.deletedAccounts = deletedAccounts;
    }

    @Incoming("users-in")
    public Uni<Void> onUserEvent(String value) {
        return inbox.consume(JobEventsConsumer.CONSUMER, value, event -> switch (event.type()) {
            case Events.USER_DELETED -> deletedAccounts.erase(userId(event));
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    private UUID userId(CloudEvent event) {
        Events.UserDeletedData data = codec.fromData(event, Events.UserDeletedData.class);
        try {
            return UUID.fromString(String.valueOf(data.userId()));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("event " + event.id() + " has no valid userId");
        }
    }
}
