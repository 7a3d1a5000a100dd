package io.aspaire.jobs.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aspaire.platform.errors.ConflictException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The daily ingestion for all users ({@code aspaire.jobs.schedule.cron}, default 04:00 every day; "off" disables it).
 * Every replica schedules it; the advisory lock lets exactly one of them run it. Non-blocking: the scheduler
 * subscribes on a Vert.x context and the run completes there.
 */
@ApplicationScoped
public class DailyIngestionScheduler {

    private static final Logger LOG = Logger.getLogger(DailyIngestionScheduler.class);

    private final IngestionService ingestion;

    public DailyIngestionScheduler(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Scheduled(identity = "daily-ingestion", cron = "{aspaire.jobs.schedule.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return ingestion.runDaily(null).replaceWithVoid()
                .onFailure(ConflictException.class).recoverWithUni(e -> {
                    LOG.info("daily ingestion skipped: another replica is running it");
                    return Uni.createFrom().voidItem();
                });
    }
}
