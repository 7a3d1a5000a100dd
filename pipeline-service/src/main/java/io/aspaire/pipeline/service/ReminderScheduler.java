package io.aspaire.pipeline.service;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Fires due reminders every few seconds ({@code aspaire.reminders.interval}). Safe with any number of replicas:
 * {@link ReminderService#fireDue(int)} claims with SKIP LOCKED, so each reminder fires in exactly one of them.
 */
@ApplicationScoped
public class ReminderScheduler {

    private static final Logger LOG = Logger.getLogger(ReminderScheduler.class);

    private final ReminderService reminders;
    private final int batchSize;
    private final AtomicBoolean running;

    public ReminderScheduler(ReminderService reminders,
            @ConfigProperty(name = "aspaire.reminders.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "aspaire.reminders.enabled", defaultValue = "true") boolean enabled) {
        this.reminders = reminders;
        this.batchSize = batchSize;
        this.running = new AtomicBoolean(enabled);
    }

    /** Stops firing (due reminders wait); for operators and for tests that drive {@code fireDue} themselves. */
    public void pause() {
        running.set(false);
    }

    public void resume() {
        running.set(true);
    }

    @Scheduled(every = "${aspaire.reminders.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> fireOnSchedule() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        return fireAll().onFailure().invoke(e -> LOG.warnf("firing reminders failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Fires batches until no due reminder is left; returns how many this instance fired. */
    public Uni<Integer> fireAll() {
        return reminders.fireDue(batchSize).chain(fired -> fired.size() < batchSize || !running.get()
                ? Uni.createFrom().item(fired.size())
                : fireAll().map(more -> fired.size() + more));
    }
}
