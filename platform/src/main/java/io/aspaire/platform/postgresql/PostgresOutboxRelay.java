package io.aspaire.platform.postgresql;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.aspaire.platform.outbox.OutboxPublisher;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.aspaire.platform.scheduling.PeriodicWork;
import io.smallrye.mutiny.Uni;

/**
 * Moves committed outbox rows to Kafka. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas share the
 * work without sending a row twice at the same time; a row is marked sent only after the broker acknowledged it, in the
 * same transaction that claimed it. A crash between send and commit re-sends the row later (at-least-once); the event
 * id lets consumers drop the copy. Within a batch records are sent in commit order, so per-key order is kept.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresOutboxRelay {

    private static final Logger LOG = Logger.getLogger(PostgresOutboxRelay.class);

    private final Mutiny.SessionFactory sessionFactory;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final Duration retention;
    private final PeriodicWork work;

    public PostgresOutboxRelay(Mutiny.SessionFactory sessionFactory, OutboxPublisher publisher,
            @ConfigProperty(name = "aspaire.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "aspaire.outbox.retention", defaultValue = "P7D") Duration retention,
            @ConfigProperty(name = "aspaire.outbox.relay-enabled", defaultValue = "true") boolean enabled) {
        this.sessionFactory = sessionFactory;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.retention = retention;
        this.work = new PeriodicWork("outbox relay", enabled, LOG);
    }

    /** Stops sending (rows keep accumulating); used by operators during a broker outage and by the crash test. */
    public void pause() {
        work.pause();
    }

    public void resume() {
        work.resume();
    }

    @Scheduled(every = "${aspaire.outbox.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayOnSchedule() {
        return work.tick(this::relayAll);
    }

    /** Relays batches until nothing is pending; returns how many events were sent. */
    public Uni<Integer> relayAll() {
        return relayBatch().chain(sent -> sent < batchSize || !work.isRunning()
                ? Uni.createFrom().item(sent)
                : relayAll().map(more -> sent + more));
    }

    @SuppressWarnings("unchecked")
    Uni<Integer> relayBatch() {
        return sessionFactory.withTransaction(session -> session.createNativeQuery("""
                select id, topic, record_key, payload::text from outbox_events
                where sent_at is null order by created_at, id limit :limit
                for update skip locked""", Object[].class)
                .setParameter("limit", batchSize)
                .getResultList()
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : sendInOrder(rows).chain(() -> markSent(session, rows)).replaceWith(rows.size())));
    }

    private Uni<Void> sendInOrder(List<Object[]> rows) {
        // All sends are handed to the producer in order before any ack is awaited: per-partition order holds
        // (idempotent producer) and a batch costs one round of acks rather than one per row.
        List<Uni<Void>> acks = rows.stream()
                .map(r -> publisher.send((String) r[1], (String) r[2], (String) r[3]).memoize().indefinitely())
                .toList();
        acks.forEach(ack -> ack.subscribe().with(x -> {
        }, e -> {
        }));
        return Uni.join().all(acks).andCollectFailures().replaceWithVoid();
    }

    private Uni<Integer> markSent(Mutiny.Session session, List<Object[]> rows) {
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        return session.createNativeQuery("update outbox_events set sent_at = now() where id in (:ids)")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /** Sent rows are kept a while for audit and replay, then dropped. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeOnSchedule() {
        return purgeSent().onFailure().invoke(e -> LOG.warnf("outbox purge failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes rows sent longer ago than the retention; returns how many. */
    public Uni<Integer> purgeSent() {
        return sessionFactory.withTransaction(session -> session.createNativeQuery(
                "delete from outbox_events where sent_at < now() - make_interval(0, 0, 0, 0, 0, 0, :seconds)")
                .setParameter("seconds", (double) retention.toSeconds())
                .executeUpdate());
    }

    /** Rows committed but not yet sent: the relay's backlog (exposed for tests and health). */
    public Uni<Long> pendingCount() {
        return sessionFactory.withSession(session -> session
                .createNativeQuery("select count(*) from outbox_events where sent_at is null", Long.class)
                .getSingleResult());
    }
}
