package io.aspaire.jobs.api;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.domain.IngestionProgress;
import io.aspaire.jobs.domain.IngestionRun;
import io.aspaire.jobs.domain.IngestionRunView;
import io.aspaire.jobs.domain.Job;
import io.aspaire.jobs.domain.JobFilter;
import io.aspaire.jobs.domain.JobPage;
import io.aspaire.jobs.domain.NewMatchingJobs;
import io.aspaire.jobs.domain.SearchQueryView;
import io.aspaire.jobs.service.IngestionService;
import io.aspaire.jobs.service.JobSearch;
import io.aspaire.jobs.service.JobSources;
import io.aspaire.jobs.service.LiveUpdates;
import io.aspaire.jobs.service.SearchQueryService;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.input.Validation;
import io.aspaire.platform.postgresql.SessionPerFetcher;
import io.aspaire.platform.security.CurrentUser;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The job-service subgraph. Jobs are public listings: any authenticated user reads them. Search queries and
 * ingestion runs are private to their user (checked here, against the caller of the token). Every method returns a
 * {@link Uni} and runs on the event loop: job reads go through the reactive pool (JobSearch); search queries and runs
 * are read through platform {@link SessionPerFetcher} (each fetcher on a context of its own, so the Panache session
 * it opens is its own while sibling fields resolve concurrently), as in user- and pipeline-service; writes run in a
 * transaction of their own.
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
    private final JobSources sources;
    private final Validation validation;
    private final ObjectMapper mapper;
    private final LiveUpdates live;
    /** The current request's GraphQL context: which Job fields it selects (SelectedJobFields). */
    private final Context context;

    public JobGraphQLApi(CurrentUser currentUser, JobSearch search, SearchQueryService queries,
            IngestionService ingestion, JobSources sources, Validation validation, ObjectMapper mapper,
            LiveUpdates live, Context context) {
        this.currentUser = currentUser;
        this.search = search;
        this.queries = queries;
        this.ingestion = ingestion;
        this.sources = sources;
        this.validation = validation;
        this.mapper = mapper;
        this.live = live;
        this.context = context;
    }

    @Query("jobs")
    @Description("Canonical job listings, most recent first, with cursor (keyset) pagination")
    public Uni<JobPage> jobs(JobFilter filter, @Description("nextCursor of the previous page") String after,
            @DefaultValue("20") @Description("Page size, 1 to 100 (null: 20)") Integer first) {
        currentUser.id();
        int size = PageRequest.of(0, first, 20, JobSearch.MAX_PAGE).size();
        if (filter != null) {
            validation.check("filter", filter);
            if (filter.source != null && !filter.source.isBlank()
                    && sources.named(filter.source.trim().toUpperCase(Locale.ROOT)).isEmpty()) {
                throw new BadRequestException("source must be one of " + String.join(", ", sources.names()));
            }
        }
        return search.search(filter, after, size, SelectedJobFields.underItems(context));
    }

    @Query("job")
    @Description("One job by id (the id of a duplicate listing resolves to its canonical job)")
    public Uni<Job> job(@Id @Name("id") String id) {
        currentUser.id();
        String canonical = Ids.required("id", id).toString();
        return search.byIds(List.of(canonical), SelectedJobFields.here(context)).map(found -> {
            if (found.get(0) == null) {
                throw new NotFoundException("no job " + id);
            }
            return found.get(0);
        });
    }

    /**
     * Federation: resolves Job references of other subgraphs in one batch and one SQL statement, in the order asked
     * (null for unknown ids).
     */
    @Resolver
    public Uni<List<Job>> jobEntities(@Name("id") List<String> ids) {
        currentUser.id();
        return search.byIds(ids, SelectedJobFields.here(context));
    }

    @Query("searchQueries")
    @Description("The searches a user's daily ingestion runs (private to that user)")
    public Uni<List<SearchQueryView>> searchQueries(@Id @Name("userId") String userId,
            @DefaultValue("0") Integer page, @DefaultValue("50") Integer size) {
        UUID user = currentUser.requireSelf(Ids.required("userId", userId));
        PageRequest p = PageRequest.of(page, size, 50, 100);
        return SessionPerFetcher.run(() -> queries.forUser(user, p.page(), p.size()))
                .map(list -> list.stream().map(SearchQueryView::of).toList());
    }

    @Mutation("ingestDailyJobs")
    @Description("Starts an ingestion run now and returns it at once (RUNNING; follow it with ingestionRun): the "
            + "caller's search queries, or everybody's (admins only, allUsers: true). While a run is in progress "
            + "anywhere, another is refused with CONFLICT.")
    public Uni<IngestionRunView> ingestDailyJobs(
            @DefaultValue("false") @Description("null: false") Boolean allUsers) {
        // Boolean, not boolean: an explicit allUsers: null reached SmallRye as null and failed unboxing (System error)
        boolean everybody = Boolean.TRUE.equals(allUsers);
        UUID me = currentUser.id();
        if (everybody && !currentUser.isAdmin()) {
            throw new ForbiddenException("only an admin may run ingestion for all users");
        }
        return ingestion.start(everybody ? null : me).map(this::view);
    }

    @Query("ingestionRun")
    @Description("An ingestion run: its progress per source while RUNNING, its final counts once COMPLETED. "
            + "Private to the user who started it (a run for all users: admins only).")
    public Uni<IngestionRunView> ingestionRun(@Id @Name("id") String id) {
        return visibleRun(id);
    }

    // ---------------------------------------------------------------- subscriptions (graphql-transport-ws on /graphql)

    @Subscription("ingestionRun")
    @Description("An ingestion run's progress until it ends: its state now, then one item each time a source "
            + "finishes (finishedSource), then its final state, then the subscription completes (at once for a run "
            + "already over). Same visibility as Query.ingestionRun: the user who started it; a run for all users "
            + "(the daily schedule's, or an admin's): admins only.")
    // items nullable: a run the caller may not see (or none) ends the subscription with one error and a null item
    public Multi<IngestionProgress> ingestionRunProgress(@NonNull @Id @Name("id") String id) {
        return visibleRun(id).onItem().transformToMulti(current -> live.runProgress(current,
                () -> SessionPerFetcher.run(() -> ingestion.run(UUID.fromString(current.id())))
                        .map(run -> run == null ? current : view(run))));
    }

    @Subscription("newMatchingJobs")
    @Description("Listings that one of the caller's search queries returned in an ingestion run (theirs, anyone's, "
            + "or the daily one) and that none of their searches had returned before: one item per search query "
            + "with new listings; only runs that end while subscribed")
    public Multi<@NonNull NewMatchingJobs> newMatchingJobs() {
        UUID caller = currentUser.id(); // read while the subscribing request is current: the feed is this user's
        return live.newMatchingJobs(caller);
    }

    /**
     * The run if the caller may see it: the user who started it; a run for all users, admins only (FORBIDDEN
     * otherwise); NOT_FOUND if there is none. Who the caller is is read now, while the request is current.
     */
    private Uni<IngestionRunView> visibleRun(String id) {
        UUID caller = currentUser.id();
        boolean admin = currentUser.isAdmin();
        UUID runId = Ids.required("id", id);
        return SessionPerFetcher.run(() -> ingestion.run(runId)).map(run -> {
            if (run == null) {
                throw new NotFoundException("no ingestion run " + id);
            }
            if (run.userId != null) {
                if (!run.userId.equals(caller)) {
                    throw new ForbiddenException("this data belongs to another user");
                }
            } else if (!admin) {
                throw new ForbiddenException("a run for all users is visible to admins only");
            }
            return view(run);
        });
    }

    private IngestionRunView view(IngestionRun run) {
        return IngestionRunView.of(run, mapper);
    }
}
