package io.aspaire.pipeline.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aspaire.pipeline.config.RemindersConfig;
import io.aspaire.platform.scheduling.PeriodicWork;
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
    private final PeriodicWork work;

    public ReminderScheduler(ReminderService reminders, RemindersConfig config) {
        this.reminders = reminders;
        this.batchSize = config.batchSize();
        this.work = new PeriodicWork("firing reminders", config.enabled(), LOG);
    }

    /** Stops firing (due reminders wait); for operators and for tests that drive {@code fireDue} themselves. */
    public void pause() {
        work.pause();
    }

    public void resume() {
        work.resume();
    }

    @Scheduled(every = "${aspaire.reminders.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> fireOnSchedule() {
        return work.tick(this::fireAll);
    }

    /** Fires batches until no due reminder is left; returns how many this instance fired. */
    public Uni<Integer> fireAll() {
        return reminders.fireDue(batchSize).chain(fired -> fired.size() < batchSize || !work.isRunning()
                ? Uni.createFrom().item(fired.size())
                : fireAll().map(more -> fired.size() + more));
    }
}
