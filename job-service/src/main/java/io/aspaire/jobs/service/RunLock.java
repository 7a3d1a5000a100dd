package io.aspaire.jobs.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One ingestion run at a time across all replicas: a PostgreSQL session advisory lock held on a dedicated connection
 * for the run's duration. If a replica dies mid-run its connection closes and PostgreSQL releases the lock, so a
 * crashed run never blocks the next one (which simply runs again: every write is an idempotent upsert).
 */
@ApplicationScoped
public class RunLock {

    /** Arbitrary, fixed: "job-service ingestion". */
    static final long KEY = 0x6A6F62_5F696E67L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Pool pool;

    public RunLock(Pool pool) {
        this.pool = pool;
    }

    /** Held lock to close, or null when another run holds it. Blocking. */
    public Held tryAcquire() {
        SqlConnection conn = pool.getConnection().await().atMost(WAIT);
        try {
            boolean got = conn.preparedQuery("select pg_try_advisory_lock($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(KEY))
                    .await().atMost(WAIT).iterator().next().getBoolean(0);
            if (!got) {
                conn.closeAndAwait();
                return null;
            }
            return new Held(conn);
        } catch (RuntimeException e) {
            conn.closeAndAwait();
            throw e;
        }
    }

    /** Whether a run currently holds the lock (anywhere). */
    public boolean isHeld() {
        return pool.query("select count(*) from pg_locks where locktype = 'advisory' and objid = "
                + (KEY & 0xFFFFFFFFL) + " and classid = " + (KEY >>> 32) + " and granted")
                .execute().await().atMost(WAIT).iterator().next().getLong(0) > 0;
    }

    public static final class Held implements AutoCloseable {
        private final SqlConnection conn;

        Held(SqlConnection conn) {
            this.conn = conn;
        }

        @Override
        public void close() {
            try {
                conn.preparedQuery("select pg_advisory_unlock($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(KEY))
                        .await().atMost(WAIT);
            } finally {
                conn.closeAndAwait();
            }
        }
    }
}
