package io.aspaire.platform.postgresql;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** {@link Outbox} on PostgreSQL: a row in {@code outbox_events}, inserted in the caller's Hibernate Reactive transaction. */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresOutbox implements Outbox {

    private final EventCodec codec;
    private final String source;

    public PostgresOutbox(EventCodec codec, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.codec = codec;
        this.source = "/aspaire/" + application;
    }

    @Override
    public Uni<CloudEvent> publish(String topic, String type, String subject, Object data) {
        CloudEvent event = CloudEvent.create(source, type, subject, codec.toData(data));
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.publish must run inside the transaction of the change (" + type + ")"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery("""
                        insert into outbox_events (id, topic, record_key, event_type, payload)
                        values (:id, :topic, :key, :type, cast(cast(:payload as text) as jsonb))""")
                        .setParameter("id", java.util.UUID.fromString(event.id()))
                        .setParameter("topic", topic)
                        .setParameter("key", subject)
                        .setParameter("type", type)
                        // bound as text: the PostgreSQL client would encode a String for a jsonb slot as a JSON string
                        .setParameter("payload", codec.write(event))
                        .executeUpdate())
                .replaceWith(event);
    }
}
