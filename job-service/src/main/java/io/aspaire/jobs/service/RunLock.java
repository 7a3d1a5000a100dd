package io.aspaire.jobs.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One ingestion run at a time across all replicas: a PostgreSQL session advisory lock held on a dedicated connection
 * for the run's duration. If a replica dies mid-run its connection closes and PostgreSQL releases the lock, so a
 * crashed run never blocks the next one (which simply runs again: every write is an idempotent upsert).
 */
@ApplicationScoped
public class RunLock {

    /** Arbitrary, fixed: "job-service ingestion". */
    static final long KEY = 0x6A6F62_5F696E67L;

    private final Pool pool;

    public RunLock(Pool pool) {
        this.pool = pool;
    }

    /** The held lock (release it), or null when another run holds it. */
    public Uni<Held> tryAcquire() {
        return pool.getConnection().chain(conn -> conn.preparedQuery("select pg_try_advisory_lock($1)")
                .execute(Tuple.of(KEY))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .onFailure().call(conn::close)
                .chain(got -> got ? Uni.createFrom().item(new Held(conn)) : conn.close().replaceWith((Held) null)));
    }

    /** Whether a run currently holds the lock (anywhere). */
    public Uni<Boolean> isHeld() {
        return pool.query("select count(*) from pg_locks where locktype = 'advisory' and objid = "
                + (KEY & 0xFFFFFFFFL) + " and classid = " + (KEY >>> 32) + " and granted")
                .execute().map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    public static final class Held {
        private final SqlConnection conn;

        Held(SqlConnection conn) {
            this.conn = conn;
        }

        /** Unlocks and gives the connection back; never fails (a lost connection released the lock already). */
        public Uni<Void> release() {
            return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(KEY))
                    .onFailure().recoverWithNull()
                    .eventually(conn::close)
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }
    }
}
