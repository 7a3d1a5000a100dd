package io.aspaire.jobs.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** SerpAPI's Google Jobs engine: the key (absent or blank = the source is DISABLED), calls per run, pages per search. */
@ConfigMapping(prefix = "aspaire.jobs.serpapi")
public interface SerpApiConfig {

    /** SERPAPI_API_KEY; Optional because an empty value means "not configured", not a start-up failure. */
    Optional<String> apiKey();

    /** API calls (one per page) per run (SERPAPI_BUDGET). */
    @WithDefault("10")
    int budget();

    /** Pages fetched per search at most (SERPAPI_MAX_PAGES). */
    @WithDefault("2")
    int maxPages();
}
