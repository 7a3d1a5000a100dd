package io.aspaire.jobs.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.jobs.service.WatchedBoards;
import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A deleted user's data in job-service: their search queries, watched boards and the ingestion runs they started. */
@ApplicationScoped
public class JobsUserDataEraser implements UserDataEraser {

    private final SearchQueryService queries;
    private final WatchedBoards watched;

    public JobsUserDataEraser(SearchQueryService queries, WatchedBoards watched) {
        this.queries = queries;
        this.watched = watched;
    }

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return queries.deleteUser(userId)
                .chain(() -> watched.deleteUser(userId))
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery("delete from ingestion_runs where user_id = :u")
                        .setParameter("u", userId).executeUpdate());
    }
}
