package io.aspaire.jobs.domain;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

/** An ingestion run as the API shows it: started at once, then its progress per source until it is done. */
@Name("IngestionRun")
@Description("An ingestion run: RUNNING (progress so far), then COMPLETED (final counts) or FAILED (error)")
public record IngestionRunView(
        @Id String id,
        @Description("Whose search queries it runs; null: everybody's (an admin's run)") @Id String userId,
        @Description("RUNNING, COMPLETED or FAILED") String status,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        @Description("Searches run so far") int queries,
        @Description("Per source: status and counts so far") List<SourceReport> sources,
        @Description("Why the run failed (FAILED only)") String error) {
}
