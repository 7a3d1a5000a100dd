package io.aspaire.platform.outbox;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.aspaire.platform.scheduling.PeriodicWork;
import io.smallrye.mutiny.Uni;

/**
 * Runs an outbox relay's passes when it is woken: right after a transaction that wrote outbox rows commits (so an
 * event reaches the broker within milliseconds, not at the next poll) and at every poll tick (the fallback that
 * delivers what no wake-up announced: rows left by a crashed relay, a wake-up lost while the listener reconnected).
 * <p>
 * Wake-ups coalesce: one pass runs at a time, and any number of wake-ups during a pass cause exactly one more pass
 * after it (which sends everything committed meanwhile). So a burst of commits costs a few passes, never one each, and
 * passes never overlap, which keeps the relay's send order. A failed pass is logged by {@link PeriodicWork} and left
 * to the next wake-up or poll; a paused relay ignores wake-ups.
 */
public final class RelayLoop {

    private final PeriodicWork work;
    private final Supplier<Uni<?>> pass;
    private final Executor passStarter;
    /** Wake-ups not yet covered by a finished pass; a pass is running (or starting) while this is above zero. */
    private final AtomicInteger pendingWakeUps = new AtomicInteger();

    /**
     * @param passStarter where a pass is started (the relays: {@link RelayEventLoop#passStarter()})
     */
    public RelayLoop(PeriodicWork work, Supplier<Uni<?>> pass, Executor passStarter) {
        this.work = work;
        this.pass = pass;
        this.passStarter = passStarter;
    }

    /** Asks for a pass. Never blocks and never runs the pass on the caller's thread. */
    public void wake() {
        if (work.isRunning() && pendingWakeUps.getAndIncrement() == 0) {
            startPass();
        }
    }

    private void startPass() {
        // every wake-up counted so far is served by this pass: it starts after them and sends all that is committed
        int served = pendingWakeUps.get();
        try {
            passStarter.execute(() -> work.tick(pass).subscribe().with(done -> finished(served), failed -> finished(served)));
        } catch (RuntimeException e) { // the starter refused (shutting down): the next wake-up or poll tries again
            pendingWakeUps.set(0);
        }
    }

    private void finished(int served) {
        if (pendingWakeUps.addAndGet(-served) > 0) {
            startPass(); // woken during the pass: one more, for what committed meanwhile
        }
    }

    /**
     * Starts each pass on a fresh Vert.x duplicated context (marked safe) of {@code vertx}: context-local state (a
     * Hibernate Reactive session, the tracing context) is never shared with a request or with another pass.
     */
    public static Executor onNewVertxContext(io.vertx.core.Vertx vertx) {
        return task -> {
            io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext
                    .createNewDuplicatedContext(vertx.getOrCreateContext());
            io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(x -> task.run());
        };
    }

    /** Whether a pass is running or about to (for tests). */
    public boolean busy() {
        return pendingWakeUps.get() > 0;
    }
}
