package io.aspaire.jobs.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aspaire.platform.errors.ConflictException;
import io.quarkus.scheduler.Scheduled;

/**
 * The daily ingestion for all users ({@code aspaire.jobs.schedule.cron}, default 04:00 every day; "off" disables it).
 * Every replica schedules it; the advisory lock lets exactly one of them run it.
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
    void daily() {
        try {
            ingestion.runDaily(null);
        } catch (ConflictException e) {
            LOG.info("daily ingestion skipped: another replica is running it");
        }
    }
}
