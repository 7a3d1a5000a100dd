package io.aspaire.ai.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.JobDoc;

/**
 * Jobs whose summary copy was current when this replica last read them, held for
 * {@code aspaire.ai.summary-cache.max-age} (10 s): a cached {@code aiSummary} read, one for every page of jobs a
 * client shows, then reads nothing from MongoDB. The driver's side of that read was about a third of ai-service's
 * CPU in such a request, besides the database's own work (findings, session 10).
 *
 * <p>Summaries are per job, never per user, so one copy serves every caller. A job is forgotten when this replica
 * stores a new version of its listing ({@link ReadModels#upsertJob}); another replica, which did not consume that
 * JobUpdated, answers the previous summary for at most max-age and then reads the job again. The entries are the
 * projected {@link JobDoc}s of {@link SummaryService#lookup} (id, content hash, current summary): shared between
 * requests, so read, never changed.
 */
@ApplicationScoped
public class CurrentSummaries {

    /** Null when max-age is 0: every lookup reads MongoDB. */
    private final Cache<String, JobDoc> jobs;

    @Inject
    public CurrentSummaries(AiConfig config) {
        this(config.summaryCache().maxAge(), config.summaryCache().maxEntries(), Ticker.systemTicker());
    }

    CurrentSummaries(Duration maxAge, int maxEntries, Ticker ticker) {
        this.jobs = maxAge.isZero() ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).ticker(ticker)
                        // evictions run on the calling thread, not in the common fork-join pool
                        .executor(Runnable::run).build();
    }

    /** The job as read with a current summary, if this replica read it so within max-age; else null. */
    JobDoc get(String jobId) {
        return jobs == null ? null : jobs.getIfPresent(jobId);
    }

    /** Remembers a job just read whose summary copy is current. */
    void put(JobDoc job) {
        if (jobs != null) {
            jobs.put(job.id, job);
        }
    }

    /** Forgets a job whose listing this replica has just stored (its content hash may have changed). */
    void forget(String jobId) {
        if (jobs != null) {
            jobs.invalidate(jobId);
        }
    }
}
