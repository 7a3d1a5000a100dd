package io.aspaire.platform.outbox;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The event loop an outbox relay runs on: one thread of its own (a one-loop Vert.x instance), not one of the
 * service's event loops.
 * <p>
 * Why: every step of a relay pass is a task on the loop that started it: the store's answers, and each broker
 * acknowledgement (SmallRye's emitter hands it back to the context that sent the record). On the service's loops those
 * tasks queued behind the requests being handled, so under write load a pass took several times its own work, and
 * every event committed during a pass waits for that pass to end (bench/results/findings.md, "Event latency commit ->
 * broker (session 5)"). The relay never blocks, so one thread is plenty; the worker pools exist only because Vert.x
 * needs them.
 */
public final class RelayEventLoop {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));

    /** The relay's Vert.x instance: its store clients (pool, listening connection) and timers belong to it. */
    public Vertx vertx() {
        return vertx;
    }

    /** Starts each pass on a fresh duplicated context of this loop (see {@link RelayLoop#onNewVertxContext}). */
    public Executor passStarter() {
        return RelayLoop.onNewVertxContext(vertx);
    }

    public Uni<Void> close() {
        return Uni.createFrom().completionStage(() -> vertx.close().toCompletionStage());
    }
}
