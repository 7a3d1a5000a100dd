package io.aspaire.platform.postgresql;

import java.util.function.Supplier;

import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.inbox.TransientFailures;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Runs one GraphQL data fetcher on a Vert.x context of its own, so that the Hibernate Reactive session that
 * {@code Panache.withSession} / {@code withTransaction} opens for it belongs to this fetcher alone.
 * <p>
 * Why: graphql-java starts sibling fields at once (the {@code preferences} and {@code resumes} of every entity), and
 * Quarkus runs every non-blocking ({@code Uni}) fetcher of one request on the request's single duplicated context.
 * Panache keeps its session in that context, so concurrent fetchers would be handed the same session, which allows
 * one operation at a time ("Illegal pop()", "HR000061 Session is currently connecting", "Session is closed":
 * quarkus#32870, still open). Serialising the fetchers hides that at the price of every request waiting on its
 * slowest chain. Instead each fetcher gets a nested duplicated context: a fresh context local map (a copy of the
 * request's, so the caller's CDI request context, the safety flag and tracing data stay visible) without any Hibernate
 * Reactive session in it. Panache then opens a session for this fetcher, closes it when the fetcher's {@code Uni}
 * ends, and sibling fetchers run concurrently on the same event-loop thread, each with its own session and connection.
 * <p>
 * Blocking work inside a fetcher still goes to a {@link io.aspaire.platform.work.BoundedWorkerPool}, which delivers
 * its result back on the calling (here: the fetcher's own) context.
 * <p>
 * A fetcher that fails because the database is not there right now (refused or dropped connections, an operator
 * shutdown, a deadlock: {@link TransientFailures}) answers {@code UNAVAILABLE} with a retry hint, not a bare "System
 * error": the caller can tell "try again" from a fault (deploy/e2e FailureDrillsTest, PostgreSQL down 5 s).
 */
public final class SessionPerFetcher {

    /** Panache marks on-demand sessions and {@code @Transactional} methods with string keys of this prefix. */
    private static final String PANACHE_KEY_PREFIX = "hibernate.reactive.panache.";

    private SessionPerFetcher() {
    }

    /**
     * Calls {@code fetcher} on a context of its own and delivers its outcome. Outside Vert.x (a plain unit test) there
     * is nothing shared, and the fetcher is called as is.
     */
    public static <T> Uni<T> run(Supplier<Uni<T>> fetcher) {
        return onOwnContext(fetcher).onFailure(TransientFailures::isTransient)
                .transform(e -> ServiceUnavailableException.databaseUnreachable());
    }

    private static <T> Uni<T> onOwnContext(Supplier<Uni<T>> fetcher) {
        Context current = Vertx.currentContext();
        if (current == null) {
            return Uni.createFrom().deferred(fetcher::get);
        }
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState caller = requestContext.isActive() ? requestContext.getState() : null;
        Context own = VertxContext.newNestedContext(current);
        // the copy may hold a session a caller opened on the parent context: this fetcher must not share it
        ((ContextInternal) own).localContextData().keySet().removeIf(key -> key instanceof
                org.hibernate.reactive.context.Context.Key
                || key instanceof String name && name.startsWith(PANACHE_KEY_PREFIX));
        VertxContextSafetyToggle.setContextSafe(own, true);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(ignored -> {
            // the request context travels with the copied locals; activate it explicitly where it did not
            boolean activate = caller != null && !requestContext.isActive();
            if (activate) {
                requestContext.activate(caller);
            }
            try {
                fetcher.get().subscribe().with(emitter::complete, emitter::fail);
            } catch (RuntimeException e) {
                emitter.fail(e);
            } finally {
                if (activate) {
                    requestContext.deactivate();
                }
            }
        }));
    }
}
