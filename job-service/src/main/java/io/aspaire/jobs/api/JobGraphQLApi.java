package io.aspaire.jobs.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.Job;
import io.aspaire.jobs.domain.JobFilter;
import io.aspaire.jobs.domain.JobPage;
import io.aspaire.jobs.domain.SearchQueryView;
import io.aspaire.jobs.service.Await;
import io.aspaire.jobs.service.IngestionService;
import io.aspaire.jobs.service.JobSearch;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.security.CurrentUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;

/**
 * The job-service subgraph. Jobs are public listings: any authenticated user reads them. Search queries are private
 * to their user. Methods block on worker threads (see {@link Await}).
 *
 * <p>Federation v2.7, not v2.3: SmallRye GraphQL 2.17 prints {@code @federation__override(from, label)}, and
 * {@code label} only exists from v2.7 on, so a v2.3 link does not compose ({@code @apollo/composition}).
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {@Import(name = "@key"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides"), @Import(name = "@shareable"),
        @Import(name = "@extends")})
public class JobGraphQLApi {

    private final CurrentUser currentUser;
    private final JobSearch search;
    private final SearchQueryService queries;
    private final IngestionService ingestion;

    public JobGraphQLApi(CurrentUser currentUser, JobSearch search, SearchQueryService queries,
            IngestionService ingestion) {
        this.currentUser = currentUser;
        this.search = search;
        this.queries = queries;
        this.ingestion = ingestion;
    }

    @Query("jobs")
    @Blocking
    @Description("Canonical job listings, most recent first, with cursor (keyset) pagination")
    public JobPage jobs(JobFilter filter, @Description("nextCursor of the previous page") String after,
            @DefaultValue("20") @Description("Page size, 1 to 100 (null: 20)") Integer first) {
        currentUser.id();
        int size = PageRequest.of(0, first, 20, JobSearch.MAX_PAGE).size();
        return Await.result(() -> search.search(filter, after, size));
    }

    @Query("job")
    @Blocking
    @Description("One job by id (the id of a duplicate listing resolves to its canonical job)")
    public Job job(@Id @Name("id") String id) {
        currentUser.id();
        String canonical = Ids.required("id", id).toString();
        Job job = Await.result(() -> search.byIds(List.of(canonical))).get(0);
        if (job == null) {
            throw new NotFoundException("no job " + id);
        }
        return job;
    }

    /**
     * Federation: resolves Job references of other subgraphs in one batch, in the order asked (null for unknown ids).
     * Non-blocking: SmallRye's federation fetcher calls it on the event loop.
     */
    @Resolver
    public Uni<List<Job>> jobEntities(@Name("id") List<String> ids) {
        currentUser.id();
        return search.byIds(ids);
    }

    @Query("searchQueries")
    @Blocking
    @Description("The searches a user's daily ingestion runs (private to that user)")
    public List<SearchQueryView> searchQueries(@Id @Name("userId") String userId, @DefaultValue("0") Integer page,
            @DefaultValue("50") Integer size) {
        UUID user = currentUser.requireSelf(Ids.required("userId", userId));
        PageRequest p = PageRequest.of(page, size, 50, 100);
        return Await.result(() -> Panache.withSession(() -> queries.forUser(user, p.page(), p.size())))
                .stream().map(SearchQueryView::of).toList();
    }

    @Mutation("ingestDailyJobs")
    @Blocking
    @Description("Runs ingestion now: the caller's search queries, or everybody's (admins only, allUsers: true)")
    public IngestionReport ingestDailyJobs(@DefaultValue("false") @Description("null: false") Boolean allUsers) {
        // Boolean, not boolean: an explicit allUsers: null reached SmallRye as null and failed unboxing (System error)
        boolean everybody = Boolean.TRUE.equals(allUsers);
        UUID me = currentUser.id();
        if (everybody && !currentUser.isAdmin()) {
            throw new ForbiddenException("only an admin may run ingestion for all users");
        }
        return ingestion.runDaily(everybody ? null : me);
    }
}
