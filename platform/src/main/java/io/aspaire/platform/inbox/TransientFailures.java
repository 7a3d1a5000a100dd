package io.aspaire.platform.inbox;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Failures that say "not now" rather than "never": the store or the broker is unreachable, a connection dropped, a
 * deadlock or serialisation conflict, a timeout. The inbox retries these without limit instead of dead-lettering the
 * record. Recognised by class (walking superclasses, so driver subclasses count) and, for database errors, by SQLSTATE
 * class (08 connection, 53 resources, 57P operator intervention, 40001/40P01 concurrency).
 */
public final class TransientFailures {

    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "java.io.IOException",
            "java.util.concurrent.TimeoutException",
            "java.sql.SQLTransientException",
            "java.sql.SQLRecoverableException",
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.netty.channel.ConnectTimeoutException",
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.exception.LockAcquisitionException",
            "org.apache.kafka.common.errors.RetriableException",
            "com.mongodb.MongoSocketException",
            "com.mongodb.MongoTimeoutException",
            "com.mongodb.MongoNotPrimaryException",
            "com.mongodb.MongoNodeIsRecoveringException",
            "com.mongodb.MongoConnectionPoolClearedException");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (TRANSIENT_TYPES.contains(c.getName())) {
                    return true;
                }
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                    || state.equals("40001") || state.equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        for (String getter : new String[] { "getSqlState", "getCode" }) { // io.vertx.pgclient.PgException
            try {
                Method m = t.getClass().getMethod(getter);
                if (m.invoke(t) instanceof String state) {
                    return state;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a database error of this driver
            }
        }
        return null;
    }
}
