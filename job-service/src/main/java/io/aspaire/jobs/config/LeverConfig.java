package io.aspaire.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lever's public job-board API (no key): where it is, and how many watched boards a run may fetch. */
@ConfigMapping(prefix = "aspaire.jobs.lever")
public interface LeverConfig {

    /** The API's base URL (LEVER_BASE_URL); tests point it at WireMock. */
    @WithDefault("https://api.lever.co")
    String baseUrl();

    /** Boards fetched per run at most (LEVER_BUDGET); the least recently fetched go first. */
    @WithDefault("100")
    int budget();
}
