package io.aspaire.jobs.client;

import io.aspaire.jobs.domain.SearchSpec;
import io.smallrye.mutiny.Uni;

/**
 * A source that is searched (query, location, remote): Remotive, SerpAPI. A source is one CDI bean implementing this
 * interface plus its own {@code @ConfigMapping}; ingestion discovers every bean (ordered by {@link #name()}), asks
 * each within its budget, caches its raw answers, and normalizes what {@link #read} finds through the shared step.
 */
public interface JobSource extends ListingSource {

    /** Pages one search may fetch at most. */
    default int maxPages() {
        return 1;
    }

    /**
     * One call: the raw body of one page of this search ({@code pageToken} null for the first page). Non-blocking;
     * a failure is a failed Uni (guard it with fault-tolerance annotations on the implementation).
     */
    Uni<String> search(SearchSpec spec, String pageToken);
}
