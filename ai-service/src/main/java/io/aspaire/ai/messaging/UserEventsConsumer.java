package io.aspaire.ai.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.ai.service.ReadModels;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/** aspaire.users.v1: only UserDeleted matters here -- it removes all of that user's AI data. */
@ApplicationScoped
public class UserEventsConsumer {

    private final Inbox inbox;
    private final EventCodec codec;
    private final ReadModels readModels;

    public UserEventsConsumer(Inbox inbox, EventCodec codec, ReadModels readModels) {
        this.inbox = inbox;
        this.codec = codec;
        this.readModels = readModels;
    }

    @Incoming("users-in")
    public Uni<Void> onUserEvent(String value) {
        return inbox.consume("ai-service", value, event -> switch (event.type()) {
            case "UserDeleted" -> {
                UserDeleted data = codec.fromData(event, UserDeleted.class);
                if (data.userId() == null || data.userId().isBlank()) {
                    throw new InvalidEventException("UserDeleted without userId");
                }
                yield readModels.deleteUser(data.userId());
            }
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserDeleted(String userId, String deletedAt) {
    }
}
