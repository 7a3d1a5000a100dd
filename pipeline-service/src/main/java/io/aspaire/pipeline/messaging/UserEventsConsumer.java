package io.aspaire.pipeline.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.aspaire.pipeline.model.Events;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** UserDeleted from aspaire.users.v1 erases everything of that user here, once per event (inbox). */
@ApplicationScoped
public class UserEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UserEventsConsumer.class);

    private final Inbox inbox;
    private final EventCodec codec;

    public UserEventsConsumer(Inbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("users-in")
    public Uni<Void> onUserEvent(String value) {
        return inbox.consume(JobEventsConsumer.CONSUMER, value, event -> switch (event.type()) {
            case Events.USER_DELETED -> deleteUser(event);
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    private Uni<?> deleteUser(CloudEvent event) {
        Events.UserDeletedData data = codec.fromData(event, Events.UserDeletedData.class);
        UUID userId;
        try {
            userId = UUID.fromString(String.valueOf(data.userId()));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("event " + event.id() + " has no valid userId");
        }
        // children first, although the foreign keys cascade: a row of this user never outlives the statement
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from reminders where user_id = :u")
                .setParameter("u", userId).executeUpdate()
                .chain(() -> s.createNativeQuery("delete from job_notes where user_id = :u")
                        .setParameter("u", userId).executeUpdate())
                .chain(() -> s.createNativeQuery("delete from stage_history where user_id = :u")
                        .setParameter("u", userId).executeUpdate())
                .chain(() -> s.createNativeQuery("delete from job_applications where user_id = :u")
                        .setParameter("u", userId).executeUpdate()))
                .invoke(n -> LOG.infof("user %s deleted: removed %d applications with their notes, reminders "
                        + "and history", userId, n));
    }
}
