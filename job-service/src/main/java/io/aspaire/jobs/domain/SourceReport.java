package io.aspaire.jobs.domain;

import org.eclipse.microprofile.graphql.Description;

/** Per-source counts and the error of one run, as IngestionCompleted carries them. */
public record SourceReport(String source, SourceStatus status,
        @Description("Listings the source returned (normalized)") int fetched,
        @Description("Listings stored for the first time") int created,
        @Description("Listings whose content changed") int updated,
        String error) {
}
