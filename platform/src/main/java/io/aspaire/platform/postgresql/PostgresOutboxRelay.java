package io.aspaire.platform.postgresql;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.aspaire.platform.outbox.OutboxMetrics;
import io.aspaire.platform.outbox.OutboxPublisher;
import io.aspaire.platform.outbox.RelayLoop;
import io.aspaire.platform.scheduling.PeriodicWork;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Moves committed outbox rows to Kafka.
 * <p>
 * <b>When:</b> inserting outbox rows fires {@code NOTIFY aspaire_outbox} (the table's statement trigger, db/platform
 * V0_3) in the transaction that writes them;
 * PostgreSQL delivers it when (and only if) that transaction commits, to every relay of the database (every replica
 * LISTENs on its own connection). A notification wakes the {@link RelayLoop}, so an event is on the broker a few
 * milliseconds after its commit. The poll every {@code aspaire.outbox.relay-interval} (1 s) stays as the fallback that
 * delivers rows no notification announced: those of a relay that died mid-pass, those committed while the listening
 * connection was re-established.
 * <p>
 * <b>How:</b> a pass first takes a transaction-level advisory lock, so one relay per database sends at a time (passes
 * of two replicas would otherwise interleave two events of one aggregate; the other replica was notified too and
 * passes after). Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and marked sent only after the broker
 * acknowledged them, in the same transaction. A crash between send and commit re-sends the rows later
 * (at-least-once); the event id lets consumers drop the copy. Rows are sent in insert order, so per-key order holds.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresOutboxRelay implements io.aspaire.platform.outbox.OutboxRelay {

    /** The notification channel {@link PostgresOutbox} signals on commit. */
    public static final String CHANNEL = "aspaire_outbox";

    private static final Logger LOG = Logger.getLogger(PostgresOutboxRelay.class);

    private final Mutiny.SessionFactory sessionFactory;
    private final OutboxPublisher publisher;
    private final OutboxMetrics metrics;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration retention;
    private final boolean wakeOnCommit;
    private final PeriodicWork work;
    private final RelayLoop loop;
    private final PgConnectOptions listenOptions;
    private volatile PgSubscriber subscriber;

    public PostgresOutboxRelay(Mutiny.SessionFactory sessionFactory, OutboxPublisher publisher, OutboxMetrics metrics,
            Vertx vertx,
            @ConfigProperty(name = "aspaire.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "aspaire.outbox.retention", defaultValue = "P7D") Duration retention,
            @ConfigProperty(name = "aspaire.outbox.relay-enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "aspaire.outbox.wake-on-commit", defaultValue = "true") boolean wakeOnCommit,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") java.util.Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.sessionFactory = sessionFactory;
        this.publisher = publisher;
        this.metrics = metrics;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.retention = retention;
        this.wakeOnCommit = wakeOnCommit;
        this.work = new PeriodicWork("outbox relay", enabled, LOG);
        this.loop = new RelayLoop(work, this::relayAll, RelayLoop.onNewVertxContext(vertx));
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        this.listenOptions = options;
        metrics.watchBacklog("postgresql", this::backlog);
    }

    void listen(@Observes StartupEvent started) {
        if (!wakeOnCommit) {
            return;
        }
        PgSubscriber pg = PgSubscriber.subscriber(vertx, listenOptions)
                // re-LISTEN after a lost connection (database restart), every second for as long as it takes
                .reconnectPolicy(retries -> 1000L);
        pg.channel(CHANNEL)
                .subscribeHandler(subscribed -> loop.wake()) // (re)subscribed: send what committed while not listening
                .handler(payload -> loop.wake());
        subscriber = pg;
        connect(pg, true);
    }

    /** The first connection too is retried (a pod may start before its database); the poll delivers meanwhile. */
    private void connect(PgSubscriber pg, boolean first) {
        pg.connect().onFailure(e -> {
            if (first) {
                LOG.warnf("outbox relay cannot LISTEN yet (%s); it polls every interval and retries every second",
                        e.getMessage());
            }
            if (subscriber == pg) {
                vertx.setTimer(1000, t -> {
                    if (subscriber == pg) {
                        connect(pg, false);
                    }
                });
            }
        });
    }

    void stopListening(@Observes ShutdownEvent stopping) {
        PgSubscriber pg = subscriber;
        subscriber = null;
        if (pg != null) {
            pg.close();
        }
    }

    /** Stops sending (rows keep accumulating); used by operators during a broker outage and by the crash test. */
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

    /** Asks for a pass now (coalesced with any running one). */
    public void wake() {
        loop.wake();
    }

    @Scheduled(every = "${aspaire.outbox.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayOnSchedule() {
        loop.wake();
        return Uni.createFrom().voidItem();
    }

    /** Relays batches until nothing is pending; returns how many events were sent. */
    public Uni<Integer> relayAll() {
        return relayBatch().chain(sent -> sent < batchSize || !work.isRunning()
                ? Uni.createFrom().item(sent)
                : relayAll().map(more -> sent + more));
    }

    @SuppressWarnings("unchecked")
    Uni<Integer> relayBatch() {
        // One statement: the advisory lock (one sender per database at a time; a CTE with a volatile function is
        // evaluated once) and the claim of the oldest pending rows. Not granted: another relay of this database is
        // sending, and it was notified too, so it passes again after its current pass.
        return sessionFactory.withTransaction(session -> session.createNativeQuery("""
                with sender as (select pg_try_advisory_xact_lock(hashtextextended('aspaire.outbox.relay', 0)) as granted)
                select o.id, o.topic, o.record_key, o.payload::text from outbox_events o, sender
                where sender.granted and o.sent_at is null order by o.created_at, o.id limit :limit
                for update of o skip locked""", Object[].class)
                .setParameter("limit", batchSize)
                .getResultList()
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(List.<Object[]> of())
                        : sendInOrder(rows).chain(() -> markSent(session, rows))))
                .invoke(this::countSent)
                .map(List::size);
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

    /** Marks the rows sent; returns topic, type and delay (insert to acknowledgement, on the database's clock). */
    @SuppressWarnings("unchecked")
    private Uni<List<Object[]>> markSent(Mutiny.Session session, List<Object[]> rows) {
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        return session.createNativeQuery("""
                update outbox_events set sent_at = clock_timestamp() where id in (:ids)
                returning topic, event_type, cast(extract(epoch from sent_at - created_at) * 1000000 as bigint)""",
                Object[].class)
                .setParameter("ids", ids)
                .getResultList();
    }

    private void countSent(List<Object[]> sent) {
        for (Object[] row : sent) {
            metrics.published((String) row[0], (String) row[1], Duration.ofNanos(((Number) row[2]).longValue() * 1000));
        }
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

    /** Backlog size and the oldest pending row (the partial index outbox_events_pending serves both). */
    @SuppressWarnings("unchecked")
    private Uni<OutboxMetrics.Backlog> backlog() {
        return sessionFactory.withSession(session -> session.createNativeQuery(
                "select count(*), min(created_at) from outbox_events where sent_at is null", Object[].class)
                .getSingleResult())
                .map(r -> new OutboxMetrics.Backlog(((Number) r[0]).longValue(), instant(r[1])));
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toInstant(java.time.ZoneOffset.UTC);
        }
        return (java.time.Instant) value;
    }
}
