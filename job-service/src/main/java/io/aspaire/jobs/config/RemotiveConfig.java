package io.aspaire.jobs.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Remotive (no key): how many listings per search, an optional category, and the searches per run. */
@ConfigMapping(prefix = "aspaire.jobs.remotive")
public interface RemotiveConfig {

    /** Listings asked per search (REMOTIVE_LIMIT). */
    @WithDefault("50")
    int limit();

    /** Remotive category to narrow every search to, if any. */
    Optional<String> category();

    /** Searches per run: the daily slice of the rotation (REMOTIVE_BUDGET). */
    @WithDefault("20")
    int budget();
}
