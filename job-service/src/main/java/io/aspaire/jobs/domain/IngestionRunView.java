package io.aspaire.jobs.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /** The run as its row says, its report read from JSON. */
    public static IngestionRunView of(IngestionRun run, ObjectMapper mapper) {
        IngestionReport report = null;
        try {
            report = run.report == null ? null : mapper.readValue(run.report, IngestionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ingestion run report " + run.id, e);
        }
        return new IngestionRunView(run.id.toString(), run.userId == null ? null : run.userId.toString(), run.status,
                time(run.startedAt), time(run.finishedAt), report == null ? 0 : report.queries(),
                report == null ? List.of() : report.sources(),
                IngestionRun.FAILED.equals(run.status) ? "the run stopped on an internal error (see the job-service log)"
                        : null);
    }

    /** The same run with one source's report replaced by {@code finished}. */
    public IngestionRunView withSource(SourceReport finished) {
        List<SourceReport> now = sources.stream()
                .map(s -> s.source().equals(finished.source()) ? finished : s).toList();
        return new IngestionRunView(id, userId, status, startedAt, finishedAt, queries, now, error);
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
