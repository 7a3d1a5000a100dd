package io.aspaire.platform.postgresql;

import java.util.function.Function;

import jakarta.inject.Singleton;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.AbstractInbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@link io.aspaire.platform.inbox.Inbox} on PostgreSQL: {@code processed_events(consumer, event_id)} is inserted in
 * the same transaction as the effect. A duplicate finds the row already there (or loses the primary-key race) and
 * applies nothing; a failed effect rolls the row back with it.
 */
@Singleton // stateless; no client proxy needed
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresInbox extends AbstractInbox {

    public PostgresInbox(EventCodec codec, io.aspaire.platform.inbox.InboxMetrics metrics, io.aspaire.platform.tracing.EventTracing tracing) {
        super(codec, metrics, tracing);
    }

    @Override
    protected Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<?>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into processed_events (consumer, event_id) values (:consumer, :id)
                        on conflict do nothing""")
                        .setParameter("consumer", consumer)
                        .setParameter("id", event.id())
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(event).replaceWith(true)));
    }
}
