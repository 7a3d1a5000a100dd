package io.aspaire.jobs.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.jobs.service.SearchResults;
import io.aspaire.jobs.service.WatchedBoards;
import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A deleted user's data in job-service: their search queries, watched boards, the listings their searches returned
 * and the ingestion runs they started.
 */
@ApplicationScoped
public class JobsUserDataEraser implements UserDataEraser {

    private final SearchQueryService queries;
    private final WatchedBoards watched;
    private final SearchResults results;

    public JobsUserDataEraser(SearchQueryService queries, WatchedBoards watched, SearchResults results) {
        this.queries = queries;
        this.watched = watched;
        this.results = results;
    }

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return queries.deleteUser(userId)
                .chain(() -> watched.deleteUser(userId))
                .chain(() -> results.deleteUser(userId))
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery("delete from ingestion_runs where user_id = :u")
                        .setParameter("u", userId).executeUpdate());
    }
}
