package io.aspaire.platform.scheduling;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * The switch and the failure policy of a periodic job (outbox relays, reminder firing): a paused job skips its ticks,
 * and a failed run is logged and simply tried again at the next tick, so one bad run (database restart, broker
 * outage) never stops the schedule. Operators and tests pause a job to drive it by hand.
 */
public final class PeriodicWork {

    private final String name;
    private final Logger log;
    private final AtomicBoolean running;

    public PeriodicWork(String name, boolean enabled, Logger log) {
        this.name = name;
        this.log = log;
        this.running = new AtomicBoolean(enabled);
    }

    public void pause() {
        running.set(false);
    }

    public void resume() {
        running.set(true);
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Runs {@code work} unless paused; never fails. Call it from the {@code @Scheduled} method. */
    public Uni<Void> tick(Supplier<Uni<?>> work) {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        return work.get()
                .onFailure().invoke(e -> log.warnf("%s failed, will retry: %s", name, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
