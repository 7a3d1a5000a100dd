package io.aspaire.jobs.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.config.SearchQueriesConfig;
import io.aspaire.jobs.domain.SearchQuery;
import io.aspaire.jobs.domain.SearchSpec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * search_queries: what each user's ingestion searches for. Preferences give titles x locations; AI search terms give
 * their titles x locations. Each origin is replaced as a whole when it changes (the events carry full state), and
 * queries that survive keep their rotation history.
 */
@ApplicationScoped
public class SearchQueryService {

    private final int maxPerOrigin;

    public SearchQueryService(SearchQueriesConfig config) {
        this.maxPerOrigin = config.maxPerOrigin();
    }

    /** The searches titles x locations make ("" location = anywhere), capped; call inside a transaction. */
    public List<SearchSpec> specs(List<String> titles, List<String> locations, boolean remote) {
        Set<SearchSpec> out = new LinkedHashSet<>();
        List<String> places = clean(locations);
        if (places.isEmpty()) {
            places = List.of("");
        }
        for (String title : clean(titles)) {
            for (String place : places) {
                if (out.size() < maxPerOrigin) {
                    out.add(new SearchSpec(title, place, remote));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                String t = v.trim().replaceAll("\\s+", " ");
                if (t.length() > 200) {
                    t = t.substring(0, 200);
                }
                seen.putIfAbsent(t.toLowerCase(java.util.Locale.ROOT), t);
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** Makes the user's queries of {@code origin} exactly {@code specs}. Inside a transaction. */
    public Uni<Void> replace(UUID userId, String origin, List<SearchSpec> specs) {
        return SearchQuery.<SearchQuery>list("userId = ?1 and origin = ?2", userId, origin).chain(existing -> {
            Map<String, SearchQuery> byKey = new LinkedHashMap<>();
            for (SearchQuery q : existing) {
                byKey.put(q.spec().key(), q);
            }
            Set<String> wanted = new LinkedHashSet<>();
            List<Uni<?>> ops = new ArrayList<>();
            for (SearchSpec spec : specs) {
                if (!wanted.add(spec.key())) {
                    continue;
                }
                if (!byKey.containsKey(spec.key())) {
                    SearchQuery q = new SearchQuery();
                    q.id = UUID.randomUUID();
                    q.userId = userId;
                    q.origin = origin;
                    q.query = spec.query();
                    q.location = spec.location();
                    q.remote = spec.remote();
                    q.createdAt = Instant.now();
                    ops.add(q.persist());
                }
            }
            for (SearchQuery q : existing) {
                if (!wanted.contains(q.spec().key())) {
                    ops.add(q.delete());
                }
            }
            return Multi.createFrom().iterable(ops).onItem().transformToUniAndConcatenate(u -> u.replaceWithVoid())
                    .collect().last().replaceWithVoid();
        }).chain(() -> Panache.getSession()).chain(s -> s.flush());
    }

    public Uni<Long> deleteUser(UUID userId) {
        return SearchQuery.delete("userId", userId);
    }

    /** A page of the user's queries, in a session of its own (a GraphQL fetcher: SessionPerFetcher). */
    public Uni<List<SearchQuery>> forUser(UUID userId, int page, int size) {
        return Panache.withSession(() -> SearchQuery.<SearchQuery>find("userId = ?1",
                Sort.by("origin").and("query").and("location").and("remote"), userId).page(page, size).list());
    }

    /**
     * The rotation: queries never run come first, then the least recently run; the same search asked by several users
     * is one search. Returns at most {@code budget} searches, each with the queries it stands for.
     */
    public Uni<Map<SearchSpec, List<UUID>>> nextSlice(UUID userIdOrNull, int budget) {
        var query = userIdOrNull == null
                ? SearchQuery.<SearchQuery>find("order by lastRunAt asc nulls first, id")
                : SearchQuery.<SearchQuery>find("userId = ?1 order by lastRunAt asc nulls first, id", userIdOrNull);
        return query.range(0, Math.max(budget, 1) * 20 - 1).list().map(rows -> {
            Map<SearchSpec, List<UUID>> slice = new LinkedHashMap<>();
            for (SearchQuery q : rows) {
                SearchSpec spec = q.spec();
                if (slice.containsKey(spec)) {
                    slice.get(spec).add(q.id);
                } else if (slice.size() < budget) {
                    slice.put(spec, new ArrayList<>(List.of(q.id)));
                }
            }
            return slice;
        });
    }

    /** Records that these queries ran now and found {@code results} listings. Inside a transaction. */
    public Uni<Integer> recordRun(List<UUID> queryIds, Instant at, int results) {
        if (queryIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return SearchQuery.update("lastRunAt = ?1, lastResultCount = ?2, runs = runs + 1 where id in ?3", at, results,
                queryIds);
    }
}
