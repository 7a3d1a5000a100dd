package io.aspaire.jobs.messaging.out;

import io.aspaire.jobs.domain.SourceReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * aspaire.jobs.v1 IngestionSourceFinished payload (key: run id; docs/events.md): one source of a run is done, with
 * its final counts; IngestionCompleted still ends the run.
 */
@RegisterForReflection
public record IngestionSourceFinished(String runId, String userId, String source, String status, int fetched,
        int created, int updated, String error, String finishedAt) {

    public static final String TYPE = "IngestionSourceFinished";

    public static IngestionSourceFinished of(String runId, String userId, SourceReport report, String finishedAt) {
        return new IngestionSourceFinished(runId, userId, report.source(), report.status().name(), report.fetched(),
                report.created(), report.updated(), report.error(), finishedAt);
    }
}
