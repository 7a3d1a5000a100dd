package io.aspaire.pipeline.messaging.in;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * JobIngested / JobUpdated from aspaire.jobs.v1, as job-service emits them (docs/events.md): only the fields this
 * service keeps in its job snapshot are declared; the rest of the producer's payload is ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobEvent(String jobId, String title, String company, String location, String applyUrl) {

    public static final String INGESTED = "JobIngested";
    public static final String UPDATED = "JobUpdated";
}
