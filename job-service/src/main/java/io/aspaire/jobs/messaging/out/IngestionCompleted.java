package io.aspaire.jobs.messaging.out;

import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.SourceReport;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** aspaire.jobs.v1 IngestionCompleted payload (key: run id). */
@RegisterForReflection
public record IngestionCompleted(String runId, String userId, String startedAt, String finishedAt,
        List<SourceReport> sources) {

    public static IngestionCompleted of(IngestionReport r) {
        return new IngestionCompleted(r.runId(), r.userId(), r.startedAt(), r.finishedAt(), r.sources());
    }
}
