package io.aspaire.ai.messaging.in;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * aspaire.users.v1: only UserDeleted matters here -- it records the account's tombstone and removes all of that
 * user's AI data ({@link AiUserDataEraser}).
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
        return inbox.consume("ai-service", value, event -> switch (event.type()) {
            case "UserDeleted" -> {
                UserDeleted data = codec.fromData(event, UserDeleted.class);
                yield deletedAccounts.erase(userId(data.userId()));
            }
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    /** A user id as ai-service stores it (the lower-case UUID of the token's subject). */
    static java.util.UUID userId(String value) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("userId is not a UUID: " + value);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserDeleted(String userId, String deletedAt) {
    }
}
