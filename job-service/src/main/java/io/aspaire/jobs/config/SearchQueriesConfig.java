package io.aspaire.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A user's search queries: at most this many per origin (preferences, AI search terms). */
@ConfigMapping(prefix = "aspaire.jobs.queries")
public interface SearchQueriesConfig {

    @WithDefault("30")
    int maxPerOrigin();
}
