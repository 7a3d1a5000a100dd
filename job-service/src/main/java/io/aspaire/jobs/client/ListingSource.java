package io.aspaire.jobs.client;

import java.util.Optional;

/**
 * What every source of listings has in common, whatever a run asks it for: a name, a budget of calls per run, and
 * the reading of its raw answers into {@link SourceListing}s, which the one shared normalize step
 * ({@code service.Normalizer}) turns into stored listings, so dedup, events and reports work the same for every
 * source. A run asks {@link JobSource}s for searches and {@link BoardSource}s for the company boards users watch.
 */
public interface ListingSource {

    /** Upper-case name ([A-Z0-9_]+): job_listings.source, report and metric tag, the jobs filter's value. */
    String name();

    /** Why the source is off on this deployment (e.g. no API key), or empty when it runs. Reported as DISABLED. */
    default Optional<String> disabledReason() {
        return Optional.empty();
    }

    /** Calls this source may receive per run (a search page for a {@link JobSource}, a board for a {@link BoardSource}). */
    int budget();

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
