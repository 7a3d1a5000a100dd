package io.aspaire.jobs.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.platform.accounts.UserDataEraser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A deleted user's data in job-service: their search queries and the ingestion runs they started. */
@ApplicationScoped
public class JobsUserDataEraser implements UserDataEraser {

    private final SearchQueryService queries;

    public JobsUserDataEraser(SearchQueryService queries) {
        this.queries = queries;
    }

    @Override
    public Uni<?> eraseUserData(UUID userId) {
        return queries.deleteUser(userId)
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery("delete from ingestion_runs where user_id = :u")
                        .setParameter("u", userId).executeUpdate());
    }
}
