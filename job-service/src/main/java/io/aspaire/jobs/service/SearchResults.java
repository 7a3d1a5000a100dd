package io.aspaire.jobs.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.domain.SearchQuery;
import io.aspaire.jobs.messaging.out.SearchResultsFound;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * search_query_results: which canonical listings each user's searches have returned. After a search of a run, every
 * user query it stood for records its listings and sends SearchResultsFound (docs/events.md) with the ones that are
 * new for that user, in the transaction that records the search: a listing is new for a user exactly once, whichever
 * of their queries or runs returned it first.
 */
@ApplicationScoped
public class SearchResults {

    private final Outbox outbox;
    private final DeletedAccounts deletedAccounts;
    private final ObjectMapper mapper;

    public SearchResults(Outbox outbox, DeletedAccounts deletedAccounts, ObjectMapper mapper) {
        this.outbox = outbox;
        this.deletedAccounts = deletedAccounts;
        this.mapper = mapper;
    }

    /**
     * Records that the queries {@code queryIds} (one search, several users' queries) returned {@code jobIds} in run
     * {@code runId}, and sends one SearchResultsFound per query still there (a query replaced meanwhile is skipped,
     * a deleted user's too). Inside a transaction.
     */
    public Uni<Void> record(UUID runId, List<UUID> queryIds, Collection<String> jobIds, Instant foundAt) {
        if (queryIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> found = List.copyOf(jobIds);
        return SearchQuery.<SearchQuery>list("id in ?1 order by userId, id", queryIds)
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(q -> deletedAccounts.applyUnlessDeleted(q.userId,
                                () -> recordOne(runId, q, found, foundAt)))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> recordOne(UUID runId, SearchQuery q, List<String> found, Instant foundAt) {
        Uni<List<String>> inserted = found.isEmpty() ? Uni.createFrom().item(List.of())
                : Panache.getSession().chain(s -> s.createNativeQuery("""
                        with inserted as (
                            insert into search_query_results (user_id, job_id, search_query_id, first_found_at)
                            select cast(:user as uuid), cast(j as uuid), cast(:query as uuid),
                                cast(:at as timestamptz)
                            from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) j
                            on conflict (user_id, job_id) do nothing
                            returning job_id)
                        select cast(job_id as text) from inserted""", String.class)
                        .setParameter("user", q.userId)
                        .setParameter("query", q.id)
                        .setParameter("at", foundAt)
                        .setParameter("ids", json(found))
                        .getResultList());
        return inserted.chain(newOnes -> {
            Set<String> fresh = new HashSet<>(newOnes);
            List<String> newJobIds = new ArrayList<>();
            for (String id : found) {
                if (fresh.contains(id)) {
                    newJobIds.add(id);
                }
            }
            return outbox.publish(Topics.JOBS, SearchResultsFound.TYPE, q.userId.toString(),
                    new SearchResultsFound(runId.toString(), q.userId.toString(), q.id.toString(), q.query,
                            q.location, found, newJobIds, foundAt.toString()));
        }).replaceWithVoid();
    }

    /** A deleted user's rows (UserDeleted). Inside the erasing transaction. */
    public Uni<Integer> deleteUser(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from search_query_results where user_id = :u").setParameter("u", userId).executeUpdate());
    }

    private String json(List<String> ids) {
        try {
            return mapper.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
