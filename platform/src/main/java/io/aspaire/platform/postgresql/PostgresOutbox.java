package io.aspaire.platform.postgresql;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@link Outbox} on PostgreSQL: a row in {@code outbox_events}, inserted in the caller's Hibernate Reactive transaction.
 * The table's statement trigger (migration db/platform V0_3) issues the {@code NOTIFY} that wakes the relays when that
 * transaction commits ({@link PostgresOutboxRelay}): no extra statement, so no extra round trip, per write.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresOutbox implements Outbox {

    private final EventCodec codec;
    private final String source;

    public PostgresOutbox(EventCodec codec, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.codec = codec;
        this.source = "/aspaire/" + application;
    }

    /** Rows per insert statement in {@link #publishAll} (4 parameters each, far below PostgreSQL's 65535). */
    private static final int ROWS_PER_STATEMENT = 500;

    @Override
    public Uni<CloudEvent> publish(String topic, String type, String subject, Object data) {
        return publishAll(topic, List.of(new Message(type, subject, data))).map(events -> events.get(0));
    }

    @Override
    public Uni<List<CloudEvent>> publishAll(String topic, List<Message> messages) {
        List<CloudEvent> events = messages.stream()
                .map(m -> CloudEvent.create(source, m.type(), m.subject(), codec.toData(m.data())))
                .toList();
        if (events.isEmpty()) {
            return Uni.createFrom().item(events);
        }
        List<List<CloudEvent>> statements = new ArrayList<>();
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            statements.add(events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT)));
        }
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.publish must run inside the transaction of the change (" + events.get(0).type() + ")"))
                .chain(tx -> Panache.getSession())
                // one statement at a time: a Hibernate Reactive session runs a single operation at once
                .chain(session -> Multi.createFrom().iterable(statements)
                        .onItem().transformToUniAndConcatenate(rows -> insert(session, topic, rows))
                        .collect().last())
                .replaceWith(events);
    }

    private Uni<Integer> insert(Mutiny.Session session, String topic, List<CloudEvent> rows) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_events (id, topic, record_key, event_type, payload) values ");
        for (int i = 0; i < rows.size(); i++) {
            // payload bound as text: the PostgreSQL client would encode a String for a jsonb slot as a JSON string
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :topic, :key").append(i)
                    .append(", :type").append(i).append(", cast(cast(:payload").append(i).append(" as text) as jsonb))");
        }
        var query = session.createNativeQuery(sql.toString()).setParameter("topic", topic);
        for (int i = 0; i < rows.size(); i++) {
            CloudEvent event = rows.get(i);
            query.setParameter("id" + i, UUID.fromString(event.id()))
                    .setParameter("key" + i, event.subject())
                    .setParameter("type" + i, event.type())
                    .setParameter("payload" + i, codec.write(event));
        }
        return query.executeUpdate();
    }
}
