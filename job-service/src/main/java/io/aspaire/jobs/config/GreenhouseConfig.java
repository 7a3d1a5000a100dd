package io.aspaire.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Greenhouse's public job-board API (no key): where it is, and how many watched boards a run may fetch. */
@ConfigMapping(prefix = "aspaire.jobs.greenhouse")
public interface GreenhouseConfig {

    /** The API's base URL (GREENHOUSE_BASE_URL); tests point it at WireMock. */
    @WithDefault("https://boards-api.greenhouse.io")
    String baseUrl();

    /** Boards fetched per run at most (GREENHOUSE_BUDGET); the least recently fetched go first. */
    @WithDefault("100")
    int budget();
}
