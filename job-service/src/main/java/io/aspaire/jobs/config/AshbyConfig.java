package io.aspaire.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ashby's public job-board API (no key): where it is, and how many watched boards a run may fetch. */
@ConfigMapping(prefix = "aspaire.jobs.ashby")
public interface AshbyConfig {

    /** The API's base URL (ASHBY_BASE_URL); tests point it at WireMock. */
    @WithDefault("https://api.ashbyhq.com")
    String baseUrl();

    /** Boards fetched per run at most (ASHBY_BUDGET); the least recently fetched go first. */
    @WithDefault("100")
    int budget();
}
