package io.aspaire.jobs.domain;

import java.util.Locale;

/** One search to run against the sources: free text, optional location, remote only or not. */
public record SearchSpec(String query, String location, boolean remote) {

    public SearchSpec {
        query = query == null ? "" : query.trim();
        location = location == null ? "" : location.trim();
    }

    /** Same search, whoever asked: the cache key and the unit of the budget. */
    public String key() {
        return query.toLowerCase(Locale.ROOT) + "|" + location.toLowerCase(Locale.ROOT) + "|" + remote;
    }

    /** The text sent to a source that has no remote filter of its own (SerpAPI). */
    public String queryWithRemote() {
        return remote && !query.toLowerCase(Locale.ROOT).contains("remote") ? query + " remote" : query;
    }
}
