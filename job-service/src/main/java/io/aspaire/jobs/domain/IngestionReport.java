package io.aspaire.jobs.domain;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a run did (or has done so far, while {@code finishedAt} is null). Without {@code queries} it is exactly the
 * IngestionCompleted payload of docs/events.md (timestamps are ISO-8601 UTC strings).
 */
@RegisterForReflection
public record IngestionReport(String runId, String userId, String startedAt, String finishedAt, int queries,
        List<SourceReport> sources) {

    public SourceReport source(String name) {
        return sources.stream().filter(s -> s.source().equals(name)).findFirst().orElseThrow();
    }
}
