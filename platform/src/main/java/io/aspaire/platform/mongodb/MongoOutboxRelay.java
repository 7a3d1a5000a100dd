package io.aspaire.platform.mongodb;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.client.model.Filters;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.aspaire.platform.outbox.OutboxMetrics;
import io.aspaire.platform.outbox.OutboxPublisher;
import io.aspaire.platform.outbox.OutboxRelay;
import io.aspaire.platform.outbox.RelayEventLoop;
import io.aspaire.platform.outbox.RelayLoop;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.aspaire.platform.scheduling.PeriodicWork;
import io.smallrye.mutiny.Uni;

/**
 * Sends pending {@link OutboxEntry outbox entries} to Kafka: those in {@code outbox_events} and those embedded in the
 * change documents of the collections named in {@code aspaire.outbox.mongodb.collections}. An entry is marked sent
 * ({@code _outbox.sentAt}) only after the broker acknowledged it; a crash in between re-sends it (at-least-once, same
 * event id, so consumers drop the copy). Entries are sent oldest first per collection, which keeps per-key order for
 * events of one aggregate in one collection. Several replicas may send the same entry twice; that is the same
 * at-least-once case.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "mongodb")
public class MongoOutboxRelay implements OutboxRelay {

    private static final Logger LOG = Logger.getLogger(MongoOutboxRelay.class);
    private static final String SENT_AT = OutboxEntry.FIELD + ".sentAt";
    private static final String ENTRY_ID = OutboxEntry.FIELD + ".eventId";

    private final ReactiveMongoClient client;
    private final OutboxPublisher publisher;
    private final String database;
    private final List<String> collections;
    private final int batchSize;
    private final PeriodicWork work;
    private final RelayLoop loop;
    private final OutboxMetrics metrics;
    /** Passes run here, not behind the requests on the service's event loops (see RelayEventLoop). */
    private final RelayEventLoop eventLoop = new RelayEventLoop();

    public MongoOutboxRelay(ReactiveMongoClient client, OutboxPublisher publisher, OutboxMetrics metrics,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @ConfigProperty(name = "aspaire.outbox.mongodb.collections") Optional<List<String>> collections,
            @ConfigProperty(name = "aspaire.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "aspaire.outbox.relay-enabled", defaultValue = "true") boolean enabled) {
        this.client = client;
        this.publisher = publisher;
        this.database = database;
        List<String> all = new ArrayList<>();
        all.add(MongoOutbox.COLLECTION);
        collections.ifPresent(all::addAll);
        this.collections = List.copyOf(all);
        this.batchSize = batchSize;
        this.work = new PeriodicWork("outbox relay", enabled, LOG);
        this.loop = new RelayLoop(work, this::relayAll, eventLoop.passStarter());
        this.metrics = metrics;
        metrics.watchBacklog("mongodb", this::backlog);
    }

    void stop(@Observes ShutdownEvent stopping) {
        eventLoop.close().subscribe().with(x -> {
        }, e -> LOG.debugf("outbox relay: closing its event loop: %s", e.getMessage()));
    }

    public void pause() {
        work.pause();
    }

    /** Sends again, starting with what accumulated while paused. */
    public void resume() {
        work.resume();
        loop.wake();
    }

    public boolean isRunning() {
        return work.isRunning();
    }

    /** Asks for a pass now (coalesced with any running one): an entry was just stored. */
    public void wake() {
        loop.wake();
    }

    @Scheduled(every = "${aspaire.outbox.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayOnSchedule() {
        loop.wake();
        return Uni.createFrom().voidItem();
    }

    /** Relays every pending entry of every scanned collection; returns how many events were sent. */
    public Uni<Integer> relayAll() {
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(this::relayCollection)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> relayCollection(String name) {
        return relayBatch(name).chain(sent -> sent < batchSize || !work.isRunning()
                ? Uni.createFrom().item(sent)
                : relayCollection(name).map(more -> sent + more));
    }

    private Uni<Integer> relayBatch(String name) {
        ReactiveMongoCollection<Document> collection = client.getDatabase(database).getCollection(name);
        Bson pending = Filters.and(Filters.exists(ENTRY_ID), Filters.eq(SENT_AT, null));
        FindOptions options = new FindOptions().filter(pending).sort(Sorts.ascending(OutboxEntry.FIELD + ".createdAt"))
                .limit(batchSize);
        return collection.find(options).collect().asList()
                .chain(documents -> documents.isEmpty()
                        ? Uni.createFrom().item(0)
                        : sendInOrder(documents).chain(() -> markSent(collection, documents))
                                .replaceWith(documents.size()));
    }

    private Uni<Void> sendInOrder(List<Document> documents) {
        // handed to the producer in order before any ack is awaited (idempotent producer keeps per-partition order)
        List<Uni<Void>> acks = documents.stream().map(d -> {
            Document entry = d.get(OutboxEntry.FIELD, Document.class);
            return publisher.send(entry.getString("topic"), entry.getString("key"), entry.getString("payload"))
                    .memoize().indefinitely();
        }).toList();
        acks.forEach(ack -> ack.subscribe().with(x -> {
        }, e -> {
        }));
        return Uni.join().all(acks).andCollectFailures().replaceWithVoid();
    }

    /**
     * One update for the whole batch. The entry's event id is part of the filter: a document whose entry was replaced
     * by a newer, unsent one since it was read keeps that one pending (its event id is not among those sent).
     */
    private Uni<Integer> markSent(ReactiveMongoCollection<Document> collection, List<Document> documents) {
        Date now = new Date();
        List<Object> ids = documents.stream().map(d -> d.get("_id")).toList();
        List<String> eventIds = documents.stream()
                .map(d -> d.get(OutboxEntry.FIELD, Document.class).getString("eventId")).toList();
        return collection.updateMany(Filters.and(Filters.in("_id", ids), Filters.in(ENTRY_ID, eventIds)),
                Updates.set(SENT_AT, now))
                .invoke(() -> documents.forEach(d -> {
                    Document entry = d.get(OutboxEntry.FIELD, Document.class);
                    Date created = entry.getDate("createdAt");
                    metrics.published(entry.getString("topic"), entry.getString("type"),
                            created == null ? null : java.time.Duration.ofMillis(now.getTime() - created.getTime()));
                }))
                .replaceWith(documents.size());
    }

    /** Pending entries over all scanned collections and the creation time of the oldest. */
    private Uni<OutboxMetrics.Backlog> backlog() {
        Bson pending = Filters.and(Filters.exists(ENTRY_ID), Filters.eq(SENT_AT, null));
        String createdAt = OutboxEntry.FIELD + ".createdAt";
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(name -> {
                    ReactiveMongoCollection<Document> collection = client.getDatabase(database).getCollection(name);
                    return collection.countDocuments(pending).chain(count -> count == 0
                            ? Uni.createFrom().item(OutboxMetrics.Backlog.NONE)
                            : collection.find(new FindOptions().filter(pending).sort(Sorts.ascending(createdAt))
                                    .limit(1)).collect().first()
                                    .map(d -> new OutboxMetrics.Backlog(count, oldest(d))));
                })
                .collect().asList()
                .map(all -> new OutboxMetrics.Backlog(all.stream().mapToLong(OutboxMetrics.Backlog::events).sum(),
                        all.stream().map(OutboxMetrics.Backlog::oldest).filter(java.util.Objects::nonNull)
                                .min(java.util.Comparator.naturalOrder()).orElse(null)));
    }

    private static java.time.Instant oldest(Document document) {
        Date created = document == null ? null : document.get(OutboxEntry.FIELD, Document.class).getDate("createdAt");
        return created == null ? null : created.toInstant();
    }

    /** Entries stored but not yet sent, over all scanned collections (for tests and health). */
    public Uni<Long> pendingCount() {
        Bson pending = Filters.and(Filters.exists(ENTRY_ID), Filters.eq(SENT_AT, null));
        return Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(name -> client.getDatabase(database).getCollection(name)
                        .countDocuments(pending))
                .collect().with(java.util.stream.Collectors.summingLong(Long::longValue));
    }
}
