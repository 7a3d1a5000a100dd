package io.aspaire.jobs.domain;

import io.aspaire.jobs.messaging.out.IngestionCompleted;

/** Per-source counts and the error of one run, as IngestionCompleted carries them. */
public record SourceReport(String source, SourceStatus status, int fetched, int created, int updated, String error) {
}
