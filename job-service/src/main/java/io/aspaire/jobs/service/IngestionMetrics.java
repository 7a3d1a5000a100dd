package io.aspaire.jobs.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * job-service's own meters (docs/observability.md): ingestion runs per outcome, and per source the listings fetched,
 * ingested (stored for the first time) and deduplicated (new listings that are a job already known from any source).
 */
@ApplicationScoped
public class IngestionMetrics {

    private final MeterRegistry registry;

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code outcome}: completed or failed. */
    void runFinished(String outcome) {
        Counter.builder("aspaire.jobs.ingestion.runs").description("Ingestion runs finished, per outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    void fetched(String source, int listings) {
        listings("fetched", "Listings a source returned (normalized)", source, listings);
    }

    void stored(String source, int ingested, int deduplicated) {
        listings("ingested", "Listings stored for the first time", source, ingested);
        listings("deduplicated", "New listings that are a job already known (linked to its canonical listing)",
                source, deduplicated);
    }

    private void listings(String what, String description, String source, int count) {
        // registered even at 0, so a source that never finds anything still shows up with its tag
        Counter.builder("aspaire.jobs.listings." + what).description(description)
                .tag("source", source).register(registry).increment(count);
    }
}
