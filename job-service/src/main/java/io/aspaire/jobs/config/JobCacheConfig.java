package io.aspaire.jobs.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** job_cache in MongoDB: raw responses per (source, search) are reused within this TTL (JOB_CACHE_TTL). */
@ConfigMapping(prefix = "aspaire.jobs.cache")
public interface JobCacheConfig {

    @WithDefault("PT24H")
    Duration ttl();
}
