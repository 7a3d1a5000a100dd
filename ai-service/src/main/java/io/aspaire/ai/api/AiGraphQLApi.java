package io.aspaire.ai.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import io.smallrye.graphql.api.Subscription;

import io.aspaire.ai.domain.AiSummaryDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.CoverLetterService;
import io.aspaire.ai.service.CoverLetterService.Tone;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.service.SearchTermsService;
import io.aspaire.ai.service.SummaryService;
import io.aspaire.ai.service.UsageLedger;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.security.CurrentUser;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * ai-service's GraphQL subgraph (Apollo Federation 2). Every operation requires a JWT; data is the caller's own.
 * The link names v2.7 because SmallRye GraphQL declares {@code @override(label:)}, a 2.7 argument: with v2.3 the SDL
 * does not compose.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key"),
        @Import(name = "@external"), @Import(name = "@requires"), @Import(name = "@provides"),
        @Import(name = "@shareable"), @Import(name = "@extends"), @Import(name = "@inaccessible") })
public class AiGraphQLApi {

    static final int MAX_PAGE_SIZE = 100;

    private final CurrentUser currentUser;
    private final SummaryService summaries;
    private final SearchTermsService searchTerms;
    private final CoverLetterService coverLetters;
    private final ReadModels readModels;
    private final UsageLedger ledger;
    private final ResolverBudgets budgets;
    private final SameRequestReads sameRequest;
    /** Operations that write for the caller (documents, ledger entries) leave nothing behind for a deleted account. */
    private final DeletedAccounts deletedAccounts;

    public AiGraphQLApi(CurrentUser currentUser, SummaryService summaries, SearchTermsService searchTerms,
            CoverLetterService coverLetters, ReadModels readModels, UsageLedger ledger, ResolverBudgets budgets,
            SameRequestReads sameRequest, DeletedAccounts deletedAccounts) {
        this.currentUser = currentUser;
        this.summaries = summaries;
        this.searchTerms = searchTerms;
        this.coverLetters = coverLetters;
        this.readModels = readModels;
        this.ledger = ledger;
        this.budgets = budgets;
        this.sameRequest = sameRequest;
        this.deletedAccounts = deletedAccounts;
    }

    // --- Job entity (owned by job-service) ---

    /**
     * Entity resolver for the gateway's _entities: every Job representation of a request in one call (SmallRye's
     * federation batch resolving), not one fetcher call, each with its own SmallRye context, per representation.
     * ai-service only needs the key to add its fields, so this reads nothing; the expensive field,
     * {@link #aiSummary(List)}, is resolved in one batch as well. The representations' ids are valid UUIDs by then
     * (platform's EntityRepresentations). A resolver that is not a @Query is no root field of the SDL, as job-service's
     * and pipeline-service's entity resolvers.
     */
    @Resolver
    public List<Job> jobReferences(@Name("id") List<String> id) {
        return id.stream().map(Job::new).toList();
    }

    /** Job.aiSummary, resolved for a whole list of jobs at once; null for jobs ai-service has not received yet. */
    @Description("A short AI summary and key requirements of this job (cached; counts against the caller's AI limit)")
    public Uni<List<AiSummary>> aiSummary(@Source List<Job> jobs) {
        UUID me = currentUser.id();
        return budgets.model("Job.aiSummary", summaries.lookup(jobs.stream().map(j -> j.id).toList())
                .chain(found -> completed(me, found))
                .map(list -> list.stream().map(AiSummary::of).toList()));
    }

    /**
     * The summaries of a lookup, the missing ones from the model. Cached summaries are answered as they are: such a
     * read writes nothing (no ledger entry, no quota check), so only a lookup that needs the model is guarded
     * against a deleted account.
     */
    private Uni<List<AiSummaryDoc>> completed(UUID me, SummaryService.Lookup found) {
        return found.complete() ? Uni.createFrom().item(found.inOrder())
                : deletedAccounts.guardWrite(me, () -> summaries.complete(me.toString(), found));
    }

    // --- Queries ---

    @Query("aiSummary")
    @Description("A short AI summary and key requirements of a job; cached, so asking again costs no model call")
    public Uni<AiSummary> aiSummaryOf(@Name("jobId") @Id @NonNull String jobId) {
        UUID me = currentUser.id();
        String job = Ids.required("jobId", jobId).toString();
        return budgets.model("aiSummary", summaries.lookupOne(job)
                .chain(found -> completed(me, found))
                .map(list -> AiSummary.of(list.get(0))));
    }

    @Query
    @Description("The search terms most recently generated for the user (null if none yet)")
    public Uni<SearchTerms> latestSearchTerms(@Id @NonNull String userId) {
        String me = self(userId).toString();
        return budgets.read("latestSearchTerms", sameRequest.once("latestSearchTerms:" + me,
                () -> searchTerms.latest(me).map(SearchTerms::of)));
    }

    @Query
    @Description("A user's AI usage from the ai_outputs ledger: totals and one page of entries, newest first")
    public Uni<AiUsage> aiUsage(@Id @NonNull String userId, @DefaultValue("0") Integer page,
            @DefaultValue("20") Integer size) {
        String me = self(userId).toString();
        // the platform's page rule: null is the default, a page beyond the addressable range is a 400 (not page 0)
        PageRequest request = PageRequest.of(page, size, 20, MAX_PAGE_SIZE);
        // totals by a $group inside MongoDB and one bounded page: never the whole ledger in memory; aliases in one
        // request share them
        Uni<UsageLedger.Totals> totals = sameRequest.once("aiUsage.totals:" + me, () -> ledger.totals(me));
        Uni<List<io.aspaire.ai.domain.AiOutputDoc>> entries = sameRequest.once("aiUsage.page:" + me + ":"
                + request.page() + ":" + request.size(), () -> ledger.page(me, request.page(), request.size()));
        return budgets.read("aiUsage", totals.chain(sums -> entries.map(page1 -> AiUsage.of(me, sums, request,
                page1))));
    }

    // --- Mutations ---

    @Mutation
    @Description("Generates job search terms from the user's default resume and emits aspaire.ai.v1 "
            + "SearchTermsGenerated")
    public Uni<SearchTerms> generateSearchTerms(@Id @NonNull String userId) {
        UUID me = self(userId);
        return budgets.model("generateSearchTerms", deletedAccounts.guardWrite(me,
                () -> searchTerms.generate(me.toString()))
                .map(SearchTerms::of));
    }

    @Mutation
    @Description("Writes a cover letter grounded in the caller's resume for a job; warnings list claims the resume "
            + "does not support")
    public Uni<CoverLetter> generateCoverLetter(@Id @NonNull String jobId, @Id @NonNull String resumeId,
            @DefaultValue("FORMAL") Tone tone) {
        UUID me = currentUser.id();
        String job = Ids.required("jobId", jobId).toString();
        String resume = Ids.required("resumeId", resumeId).toString();
        return budgets.model("generateCoverLetter", deletedAccounts.guardWrite(me, () -> readModels
                .requireResume(resume)
                .map(r -> Ownership.require(me.toString(), r.userId, "resume", r))
                .chain(r -> coverLetters.generate(me.toString(), job, r, tone)))
                .map(CoverLetter::of));
    }

    @Subscription
    @Description("Writes a cover letter like generateCoverLetter and streams it: tokens as the model sends them, then "
            + "the stored letter (id, text, warnings). resumeId: the caller's resume (null: their default resume)")
    public Multi<CoverLetterChunk> coverLetterStream(@Id @NonNull String jobId, @Id String resumeId,
            @DefaultValue("FORMAL") Tone tone) {
        UUID me = currentUser.id(); // read while the subscribing request is current
        String job = Ids.required("jobId", jobId).toString();
        Uni<ResumeDoc> resume = resumeId == null ? readModels.defaultResume(me.toString())
                : readModels.requireResume(Ids.required("resumeId", resumeId).toString())
                        .map(r -> Ownership.require(me.toString(), r.userId, "resume", r));
        // a deleted account streams nothing (the letter is stored at the end: guardWrite is for one Uni). The item
        // type is nullable: a failure reaches the client as an item with the coded error (and data null), then the
        // subscription completes; with a non-null item graphql-java reports a null-bubbling error instead of the code
        return deletedAccounts.requireActive(me).chain(() -> resume)
                .onItem().transformToMulti(r -> coverLetters.stream(me.toString(), job, r, tone))
                .map(CoverLetterChunk::of);
    }

    /** The caller, who must be {@code userId}: 401 without a token, 400 for a bad id, 403 for another user. */
    private UUID self(String userId) {
        currentUser.id(); // 401 before anything else
        return currentUser.requireSelf(Ids.required("userId", userId));
    }
}
