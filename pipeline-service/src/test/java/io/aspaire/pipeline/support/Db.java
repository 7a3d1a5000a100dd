package io.aspaire.pipeline.support;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;

/** Direct SQL for test fixtures and checks (the real PostgreSQL of the local stack). */
public final class Db {

    private Db() {
    }

    public static long count(String sql, Object... params) {
        List<Object> rows = query(sql, params);
        return rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue();
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> query(String sql, Object... params) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> {
                        var q = s.createNativeQuery(sql, Object.class);
                        for (int i = 0; i < params.length; i++) {
                            q.setParameter(i + 1, params[i]);
                        }
                        return q.getResultList();
                    })
                    .map(rows -> (List<T>) rows)));
        } catch (Throwable e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static int update(String sql, Object... params) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> {
                        var q = s.createNativeQuery(sql);
                        for (int i = 0; i < params.length; i++) {
                            q.setParameter(i + 1, params[i]);
                        }
                        return q.executeUpdate();
                    })));
        } catch (Throwable e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
