package io.aspaire.platform.postgresql;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.aspaire.platform.outbox.OutboxMetrics;
import io.aspaire.platform.outbox.OutboxPublisher;
import io.aspaire.platform.outbox.RelayEventLoop;
import io.aspaire.platform.outbox.RelayLoop;
import io.aspaire.platform.scheduling.PeriodicWork;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.PoolOptions;

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
 * <p>
 * <b>Cost of a pass</b> (it is on every event's path: an event committed during a pass waits for that pass to end):
 * the relay's SQL goes through the Vert.x PostgreSQL client on a pool of its own (two connections: passes never
 * overlap; the other serves the backlog gauge and the purge), not through Hibernate Reactive sessions on the
 * service's pool, so a pass never queues for a connection behind request work and costs two round trips to the
 * database: {@code BEGIN} with the claim, and the mark with {@code COMMIT} (each pair pipelined on the connection),
 * plus one round of broker acknowledgements.
 * <p>
 * <b>Where:</b> the listening connection, the relay's pool and its passes run on the relay's own event loop
 * ({@link RelayEventLoop}), not behind the requests on the service's loops.
 */
@ApplicationScoped
@IfBuildProperty(name = "aspaire.platform.store", stringValue = "postgresql", enableIfMissing = true)
public class PostgresOutboxRelay implements io.aspaire.platform.outbox.OutboxRelay {

    /** The notification channel {@link PostgresOutbox} signals on commit. */
    public static final String CHANNEL = "aspaire_outbox";

    private static final Logger LOG = Logger.getLogger(PostgresOutboxRelay.class);

    /**
     * Opens a pass's transaction. The pass only marks rows sent: if its commit is lost in a database crash the rows
     * are simply sent again (at-least-once; consumers drop copies by event id), so it does not wait for the WAL flush.
     */
    private static final String BEGIN = "begin; set local synchronous_commit = off";
    /**
     * One statement: the advisory lock (one sender per database at a time; a CTE with a volatile function is
     * evaluated once) and the claim of the oldest pending rows. Not granted: another relay of this database is
     * sending, and it was notified too, so it passes again after its current pass.
     */
    private static final String CLAIM = """
            with sender as (select pg_try_advisory_xact_lock(hashtextextended('aspaire.outbox.relay', 0)) as granted)
            select o.id, o.topic, o.record_key, o.payload::text from outbox_events o, sender
            where sender.granted and o.sent_at is null order by o.created_at, o.id limit $1
            for update of o skip locked""";
    /** Marks the rows sent; returns topic, type and delay (insert to acknowledgement, on the database's clock). */
    private static final String MARK_SENT = """
            update outbox_events set sent_at = clock_timestamp() where id = any($1)
            returning topic, event_type, cast(extract(epoch from sent_at - created_at) * 1000000 as bigint)""";

    private final OutboxPublisher publisher;
    private final OutboxMetrics metrics;
    private final RelayEventLoop eventLoop = new RelayEventLoop();
    private final Vertx vertx = eventLoop.vertx();
    private final int batchSize;
    private final Duration retention;
    private final boolean wakeOnCommit;
    private final PeriodicWork work;
    private final RelayLoop loop;
    private final PgConnectOptions connectOptions;
    private final Pool pool;
    private volatile PgSubscriber subscriber;

    public PostgresOutboxRelay(OutboxPublisher publisher, OutboxMetrics metrics,
            @ConfigProperty(name = "aspaire.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "aspaire.outbox.retention", defaultValue = "P7D") Duration retention,
            @ConfigProperty(name = "aspaire.outbox.relay-enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "aspaire.outbox.wake-on-commit", defaultValue = "true") boolean wakeOnCommit,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") java.util.Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.retention = retention;
        this.wakeOnCommit = wakeOnCommit;
        this.work = new PeriodicWork("outbox relay", enabled, LOG);
        this.loop = new RelayLoop(work, this::relayAll, eventLoop.passStarter());
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.setCachePreparedStatements(true);
        this.connectOptions = options;
        this.pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2).setName("aspaire-outbox-relay"))
                .connectingTo(options)
                .using(vertx)
                .build());
        metrics.watchBacklog("postgresql", this::backlog);
    }

    void listen(@Observes StartupEvent started) {
        if (!wakeOnCommit) {
            return;
        }
        PgSubscriber pg = PgSubscriber.subscriber(vertx, connectOptions)
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
        pool.close().onTermination().call(eventLoop::close)
                .subscribe().with(x -> {
                }, e -> LOG.debugf("outbox relay: closing its event loop: %s", e.getMessage()));
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

    /** One transaction: claim, send, wait for the acknowledgements, mark sent, commit. */
    Uni<Integer> relayBatch() {
        return pool.getConnection().chain(connection -> claimSendMark(connection)
                // any failure leaves the rows pending (the next wake-up or poll sends them); the rollback also
                // releases the advisory lock before the connection goes back to the pool
                .onFailure().call(() -> connection.query("rollback").execute().onFailure().recoverWithNull())
                .eventually(connection::close));
    }

    private Uni<Integer> claimSendMark(SqlConnection connection) {
        long start = System.nanoTime();
        return pipelined(connection.query(BEGIN).execute(),
                connection.preparedQuery(CLAIM).execute(Tuple.of(batchSize)))
                .map(Tuple2::getItem2)
                .chain(claimed -> {
                    List<Row> rows = new ArrayList<>(claimed.size());
                    claimed.forEach(rows::add);
                    if (rows.isEmpty()) {
                        return connection.query("commit").execute().replaceWith(0);
                    }
                    long claimedAt = System.nanoTime();
                    long[] ackedAt = new long[1];
                    return sendInOrder(rows)
                            .invoke(() -> ackedAt[0] = System.nanoTime())
                            .chain(() -> pipelined(connection.preparedQuery(MARK_SENT).execute(Tuple.of(ids(rows))),
                                    connection.query("commit").execute()))
                            .invoke(marked -> {
                                countSent(marked.getItem1());
                                if (LOG.isDebugEnabled()) {
                                    long end = System.nanoTime();
                                    LOG.debugf("outbox pass: %d rows, claim %.1f ms, acks %.1f ms, mark+commit %.1f ms",
                                            rows.size(), (claimedAt - start) / 1e6, (ackedAt[0] - claimedAt) / 1e6,
                                            (end - ackedAt[0]) / 1e6);
                                }
                            })
                            .replaceWith(rows.size());
                });
    }

    /**
     * Both statements leave at once (the connection pipelines them), so they cost one round trip. If the first
     * fails, PostgreSQL refuses the second (a failed transaction; a {@code COMMIT} there rolls back).
     */
    private static Uni<Tuple2<RowSet<Row>, RowSet<Row>>> pipelined(Uni<RowSet<Row>> first, Uni<RowSet<Row>> second) {
        return Uni.combine().all().unis(first, second).asTuple();
    }

    private static UUID[] ids(List<Row> rows) {
        return rows.stream().map(r -> r.getUUID(0)).toArray(UUID[]::new);
    }

    private Uni<Void> sendInOrder(List<Row> rows) {
        // All sends are handed to the producer in order before any ack is awaited: per-partition order holds
        // (idempotent producer) and a batch costs one round of acks rather than one per row.
        List<Uni<Void>> acks = rows.stream()
                .map(r -> publisher.send(r.getString(1), r.getString(2), r.getString(3)).memoize().indefinitely())
                .toList();
        acks.forEach(ack -> ack.subscribe().with(x -> {
        }, e -> {
        }));
        return Uni.join().all(acks).andCollectFailures().replaceWithVoid();
    }

    private void countSent(RowSet<Row> sent) {
        for (Row row : sent) {
            metrics.published(row.getString(0), row.getString(1), Duration.ofNanos(row.getLong(2) * 1000));
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
        return pool.preparedQuery(
                "delete from outbox_events where sent_at < now() - make_interval(0, 0, 0, 0, 0, 0, $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(RowSet::rowCount);
    }

    /** Rows committed but not yet sent: the relay's backlog (exposed for tests and health). */
    public Uni<Long> pendingCount() {
        return pool.query("select count(*) from outbox_events where sent_at is null").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Backlog size and the oldest pending row (the partial index outbox_events_pending serves both). */
    private Uni<OutboxMetrics.Backlog> backlog() {
        return pool.query("select count(*), min(created_at) from outbox_events where sent_at is null").execute()
                .map(rows -> rows.iterator().next())
                .map(r -> new OutboxMetrics.Backlog(r.getLong(0), instant(r.getValue(1))));
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
