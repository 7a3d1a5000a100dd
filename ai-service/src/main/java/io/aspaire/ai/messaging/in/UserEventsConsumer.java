package io.aspaire.ai.messaging.in;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * aspaire.users.v1: only UserDeleted matters here -- it records the account's tombstone and removes all of that
 * user's AI data ({@link AiUserDataEraser}).
 */
@ApplicationScoped
public class UserEventsConsumer {

    static final String USER_DELETED = "UserDeleted";

    private final EventHandlers handlers;

    public UserEventsConsumer(Inbox inbox, EventCodec codec, DeletedAccounts deletedAccounts) {
        this.handlers = EventHandlers.builder(Consumers.NAME, inbox, codec)
                .on(USER_DELETED, UserDeleted.class, data -> deletedAccounts.erase(EventHandlers.id(data.userId(),
                        "userId")))
                .build();
    }

    @Incoming("users-in")
    public Uni<Void> onUserEvent(String value) {
        return handlers.consume(value);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserDeleted(String userId, String deletedAt) {
    }
}
