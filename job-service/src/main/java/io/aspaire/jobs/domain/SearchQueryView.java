package io.aspaire.jobs.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

/** A user's search query as the API shows it (private to that user). */
@Name("SearchQuery")
public record SearchQueryView(@Id String id, @Id String userId, String origin, String query, String location,
        boolean remote, OffsetDateTime lastRunAt, Integer lastResultCount, int runs) {

    public static SearchQueryView of(SearchQuery q) {
        return new SearchQueryView(q.id.toString(), q.userId.toString(), q.origin, q.query, q.location, q.remote,
                q.lastRunAt == null ? null : q.lastRunAt.atOffset(ZoneOffset.UTC), q.lastResultCount, q.runs);
    }
}
