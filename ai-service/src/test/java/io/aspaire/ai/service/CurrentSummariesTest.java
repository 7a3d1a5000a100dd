package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.domain.JobDoc;

/** The in-process copy of current summaries: how long it answers, and what makes it forget. */
class CurrentSummariesTest {

    private final AtomicLong nanos = new AtomicLong();

    private CurrentSummaries copy(Duration maxAge) {
        return new CurrentSummaries(maxAge, 100, nanos::get);
    }

    private static JobDoc job(String id) {
        JobDoc job = new JobDoc();
        job.id = id;
        return job;
    }

    @Test
    void aJobIsAnsweredWithinMaxAgeAndReadAgainAfter() {
        CurrentSummaries copy = copy(Duration.ofSeconds(10));
        JobDoc job = job("a");
        copy.put(job);
        nanos.addAndGet(Duration.ofMillis(9_999).toNanos());
        assertSame(job, copy.get("a"));
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertNull(copy.get("a"), "10 s after it was read the job must be read from MongoDB again");
    }

    @Test
    void aForgottenJobIsReadAgainAtOnce() {
        CurrentSummaries copy = copy(Duration.ofSeconds(10));
        copy.put(job("a"));
        copy.put(job("b"));
        copy.forget("a");
        assertNull(copy.get("a"));
        assertSame("b", copy.get("b").id);
    }

    @Test
    void maxAgeZeroHoldsNothing() {
        CurrentSummaries copy = copy(Duration.ZERO);
        copy.put(job("a"));
        assertNull(copy.get("a"));
    }
}
