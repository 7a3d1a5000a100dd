package io.aspaire.jobs.client;

import java.util.Optional;

import io.aspaire.jobs.domain.SearchSpec;
import io.smallrye.mutiny.Uni;

/**
 * A place job listings come from. A source is one CDI bean implementing this interface plus its own
 * {@code @ConfigMapping}; ingestion discovers every bean (ordered by {@link #name()}), asks each within its budget,
 * caches its raw answers, and turns what {@link #read} finds into listings through the one shared normalize step
 * ({@code service.Normalizer}), so dedup, events and reports work the same for every source.
 */
public interface JobSource {

    /** Upper-case name ([A-Z0-9_]+): job_listings.source, report and metric tag, the jobs filter's value. */
    String name();

    /** Why the source is off on this deployment (e.g. no API key), or empty when it runs. Reported as DISABLED. */
    default Optional<String> disabledReason() {
        return Optional.empty();
    }

    /** Calls (one call = one page) this source may receive per run. */
    int budget();

    /** Pages one search may fetch at most. */
    default int maxPages() {
        return 1;
    }

    /**
     * One call: the raw body of one page of this search ({@code pageToken} null for the first page). Non-blocking;
     * a failure is a failed Uni (guard it with fault-tolerance annotations on the implementation).
     */
    Uni<String> search(SearchSpec spec, String pageToken);

    /**
     * Reads a raw body (fresh or from the cache): the listings as the source wrote them, and the next page's token.
     * A body that cannot be used is a {@link SourceException}.
     */
    SourcePage read(String raw);

    /** Whether posting dates are relative to the fetch ("3 days ago"): then the first date seen is kept. */
    default boolean relativeDates() {
        return false;
    }
}
