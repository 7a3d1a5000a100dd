package io.aspaire.jobs.messaging.out;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * aspaire.jobs.v1 SearchResultsFound payload (key: user id; docs/events.md): one per user search query executed in a
 * run. {@code jobIds}: the canonical listings the search returned in this run; {@code newJobIds}: those no search of
 * this user had returned before.
 */
@RegisterForReflection
public record SearchResultsFound(String runId, String userId, String searchQueryId, String query, String location,
        List<String> jobIds, List<String> newJobIds, String foundAt) {

    public static final String TYPE = "SearchResultsFound";
}
