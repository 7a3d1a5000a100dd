package io.aspaire.platform.mongodb;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;

/**
 * {@link Outbox} for services on MongoDB. MongoDB here has no multi-document transactions, so the guarantee comes from
 * single-document atomicity:
 * <ul>
 * <li><b>Preferred:</b> {@link #entry} builds an {@link OutboxEntry} that the caller stores in the SAME document as the
 * change (field {@code _outbox}), in one write. The change and its event then exist together or not at all, exactly
 * like the PostgreSQL outbox. The collection must be listed in {@code aspaire.outbox.mongodb.collections} so that
 * {@link MongoOutboxRelay} scans it.</li>
 * <li>{@link #publish} (the {@link Outbox} interface) stores the event alone in {@code outbox_events}. It is atomic
 * with nothing else: use it for events that are themselves the change, or call it BEFORE an idempotent change that a
 * retry re-applies. It never loses an event that it acknowledged.</li>
 * </ul>
 * Either way delivery is at-least-once: the relay re-sends until it has marked the entry sent.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "mongodb")
public class MongoOutbox implements Outbox {

    /** Events recorded by {@link #publish} on their own. */
    public static final String COLLECTION = "outbox_events";

    private final EventCodec codec;
    private final ReactiveMongoClient client;
    private final String database;
    private final String source;

    private final MongoOutboxRelay relay;

    public MongoOutbox(EventCodec codec, ReactiveMongoClient client, MongoOutboxRelay relay,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.codec = codec;
        this.client = client;
        this.database = database;
        this.source = "/aspaire/" + application;
        this.relay = relay;
    }

    /**
     * Wraps the write that stores a document with an embedded {@link #entry}: once it succeeded, the relay is woken so
     * the event goes out at once rather than at the next poll. (Without it the entry still goes, within a poll.)
     * <pre>{@code doc.outbox = outbox.entry(...); return outbox.written(doc.persist());}</pre>
     */
    public <T> Uni<T> written(Uni<T> write) {
        return write.invoke(relay::wake);
    }

    /** A new CloudEvent of this service, ready to be embedded with {@link #entry(String, CloudEvent)}. */
    public CloudEvent event(String type, String subject, Object data) {
        return CloudEvent.create(source, type, subject, codec.toData(data));
    }

    /** The entry to store in the change's own document (field {@link OutboxEntry#FIELD}), in the same write. */
    public OutboxEntry entry(String topic, CloudEvent event) {
        return new OutboxEntry(event.id(), topic, event.subject(), event.type(), codec.write(event), Instant.now());
    }

    public OutboxEntry entry(String topic, String type, String subject, Object data) {
        return entry(topic, event(type, subject, data));
    }

    @Override
    public Uni<CloudEvent> publish(String topic, String type, String subject, Object data) {
        CloudEvent event = event(type, subject, data);
        OutboxEntry entry = entry(topic, event);
        Document document = new Document("_id", event.id()).append(OutboxEntry.FIELD, toDocument(entry));
        return written(client.getDatabase(database).getCollection(COLLECTION).insertOne(document)).replaceWith(event);
    }

    /**
     * Account deletion: drops this service's already-sent events that name the user ({@code "userId":"..."} in the
     * payload) from {@code outbox_events}; events embedded in a change document go with that document.
     */
    static Uni<Void> eraseSentEventsOf(io.quarkus.mongodb.reactive.ReactiveMongoDatabase db, String userId) {
        org.bson.conversions.Bson sentForUser = com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.ne(OutboxEntry.FIELD + ".sentAt", null),
                com.mongodb.client.model.Filters.regex(OutboxEntry.FIELD + ".payload",
                        "\"userId\":\"" + userId + "\"")); // a UUID: no regex metacharacters
        return db.getCollection(COLLECTION).deleteMany(sentForUser).replaceWithVoid();
    }

    static Document toDocument(OutboxEntry entry) {
        return new Document("eventId", entry.eventId).append("topic", entry.topic).append("key", entry.key)
                .append("type", entry.type).append("payload", entry.payload)
                .append("createdAt", java.util.Date.from(entry.createdAt)).append("sentAt", null);
    }
}
