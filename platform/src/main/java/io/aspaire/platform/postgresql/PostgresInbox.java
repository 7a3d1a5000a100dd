package io.aspaire.platform.postgresql;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@link Inbox} on PostgreSQL: {@code processed_events(consumer, event_id)} is inserted in the same transaction as the
 * effect. A duplicate finds the row already there (or loses the primary-key race) and applies nothing.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresInbox implements Inbox {

    private static final Logger LOG = Logger.getLogger(PostgresInbox.class);

    private final EventCodec codec;

    public PostgresInbox(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public Uni<Boolean> consume(String consumer, String recordValue, Function<CloudEvent, Uni<?>> effect) {
        CloudEvent event;
        try {
            event = codec.read(recordValue);
        } catch (InvalidEventException e) {
            LOG.warnf("%s skipped an unreadable record: %s", consumer, e.getMessage());
            return Uni.createFrom().item(false);
        }
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into processed_events (consumer, event_id) values (:consumer, :id)
                        on conflict do nothing""")
                        .setParameter("consumer", consumer)
                        .setParameter("id", event.id())
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(event).replaceWith(true)))
                .onFailure(InvalidEventException.class).recoverWithUni(e -> {
                    LOG.warnf("%s skipped event %s (%s): %s", consumer, event.id(), event.type(), e.getMessage());
                    return Uni.createFrom().item(false);
                })
                // a transient failure (database restart) is retried before the record is given up to the
                // channel's failure strategy; the transaction rolled back, so a retry starts clean
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
