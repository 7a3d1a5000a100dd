package io.aspaire.platform.mongodb;

import java.util.Date;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.AbstractInbox;
import io.aspaire.platform.inbox.Inbox;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * {@link Inbox} on MongoDB (no multi-document transactions): a processed event is recorded in
 * {@code processed_events} (unique on consumer + event id) AFTER its effect. A known id is skipped. A crash between
 * the effect and the record re-applies the effect on redelivery, so effects MUST be idempotent upserts/deletes keyed by
 * the aggregate (the same event applied twice leaves the same state). Net result: each event's effect holds once.
 */
@Singleton // stateless; no client proxy needed
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "mongodb")
public class MongoInbox extends AbstractInbox {

    public static final String COLLECTION = "processed_events";

    private final ReactiveMongoClient client;
    private final String database;
    private final Uni<Void> index;

    public MongoInbox(EventCodec codec, io.aspaire.platform.inbox.InboxMetrics metrics, io.aspaire.platform.tracing.EventTracing tracing, ReactiveMongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        super(codec, metrics, tracing);
        this.client = client;
        this.database = database;
        // created once, on first use; retried on the next record if it failed
        this.index = Uni.createFrom().deferred(() -> collection().createIndex(
                Indexes.ascending("consumer", "eventId"), new IndexOptions().unique(true).name("consumer_event")))
                .replaceWithVoid().memoize().until(() -> false);
    }

    private ReactiveMongoCollection<Document> collection() {
        return client.getDatabase(database).getCollection(COLLECTION);
    }

    @Override
    protected Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<?>> effect) {
        String key = consumer + ":" + event.id();
        return index.chain(() -> collection().find(Filters.eq("_id", key)).collect().first())
                .chain(known -> known != null
                        ? Uni.createFrom().item(false)
                        : Uni.createFrom().deferred(() -> effect.apply(event))
                                .chain(() -> record(key, consumer, event)));
    }

    private Uni<Boolean> record(String key, String consumer, CloudEvent event) {
        Document processed = new Document("_id", key).append("consumer", consumer).append("eventId", event.id())
                .append("type", event.type()).append("processedAt", new Date());
        return collection().insertOne(processed).replaceWith(true)
                .onFailure(MongoWriteException.class).recoverWithUni(e -> {
                    if (((MongoWriteException) e).getError().getCode() == 11000) {
                        // a concurrent delivery recorded it first; the (idempotent) effect ran twice, harmlessly
                        return Uni.createFrom().item(false);
                    }
                    return Uni.createFrom().failure(e);
                });
    }

    /** How many events this consumer has recorded (for tests and operators). */
    public Uni<Long> processedCount(String consumer, String eventId) {
        return collection().countDocuments(Filters.and(Filters.eq("consumer", consumer), Filters.eq("eventId", eventId)));
    }
}
