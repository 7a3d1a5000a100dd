package io.aspaire.jobs.domain;

import io.aspaire.jobs.messaging.out.IngestionCompleted;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a run did. Without {@code queries} it is exactly the IngestionCompleted payload of docs/events.md
 * (timestamps are ISO-8601 UTC strings).
 */
@RegisterForReflection
public record IngestionReport(String runId, String userId, String startedAt, String finishedAt, int queries,
        List<SourceReport> sources) {

    public SourceReport source(Source source) {
        return sources.stream().filter(s -> s.source().equals(source.name())).findFirst().orElseThrow();
    }
}
