package io.aspaire.jobs.service;

import java.util.function.Supplier;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs reactive Panache work from a worker thread and waits for it. Ingestion and the blocking API methods are
 * orchestrated on worker threads (HTTP calls with retries, MongoDB, PostgreSQL); each database step gets its own
 * Vert.x context as Hibernate Reactive requires.
 */
public final class Await {

    private Await() {
    }

    public static <T> T result(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
