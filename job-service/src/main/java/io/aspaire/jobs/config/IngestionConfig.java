package io.aspaire.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How ingestion writes listings. */
@ConfigMapping(prefix = "aspaire.jobs.ingestion")
public interface IngestionConfig {

    /**
     * Transactions that upsert one batch of listings at once, each on its own connection, the listings split between
     * them by fingerprint (JOBS_INGESTION_PARTITIONS). One PostgreSQL backend does all of a transaction's work: with
     * one, the database uses one core however many it has (ListingStore#store).
     */
    @WithDefault("2")
    int partitions();
}
