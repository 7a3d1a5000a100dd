package io.aspaire.jobs.service;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Work on a new duplicated Vert.x context, flagged safe for Hibernate Reactive: {@code Panache.withSession} /
 * {@code withTransaction} there opens a session (and takes a connection) of its own, whatever session the caller's
 * context holds. Panache keeps one session per context, and a session allows one operation at a time, so two
 * transactions at once need two contexts. The outcome is delivered on the new context; each subscription gets a
 * context of its own (a retry starts clean).
 */
final class OwnSessions {

    private OwnSessions() {
    }

    static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().deferred(work::get).subscribe()
                    .with(emitter::complete, emitter::fail));
        });
    }
}
