package io.aspaire.ai.graphql;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.aspaire.ai.graphql.Dtos.AiCall;
import io.aspaire.ai.graphql.Dtos.AiSummary;
import io.aspaire.ai.graphql.Dtos.AiUsage;
import io.aspaire.ai.graphql.Dtos.CoverLetter;
import io.aspaire.ai.graphql.Dtos.SearchTerms;
import io.aspaire.ai.model.AiOutputDoc;
import io.aspaire.ai.service.CoverLetterService;
import io.aspaire.ai.service.CoverLetterService.Tone;
import io.aspaire.ai.service.SearchTermsService;
import io.aspaire.ai.service.SummaryService;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.security.CurrentUser;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Uni;

/**
 * ai-service's GraphQL subgraph (Apollo Federation 2). Every operation requires a JWT; data is the caller's own.
 * The link names v2.7 because SmallRye GraphQL declares {@code @override(label:)}, a 2.7 argument: with v2.3 the SDL
 * does not compose.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key"),
        @Import(name = "@external"), @Import(name = "@requires"), @Import(name = "@provides"),
        @Import(name = "@shareable"), @Import(name = "@extends") })
public class AiGraphQLApi {

    static final int MAX_PAGE_SIZE = 100;

    @Inject
    CurrentUser currentUser;
    @Inject
    SummaryService summaries;
    @Inject
    SearchTermsService searchTerms;
    @Inject
    CoverLetterService coverLetters;

    // --- Job entity (owned by job-service) ---

    /**
     * Entity resolver for the gateway's _entities: ai-service only needs the id to add its fields, so resolving one
     * representation is free; the expensive field, {@link #aiSummary(List)}, is the one resolved in batches. (A
     * List-taking batch resolver fails inside SmallRye GraphQL 2.17's FederationDataFetcher with an NPE.) Named
     * aiJobReference: a Query.job here would clash with job-service's in composition.
     */
    @Query("aiJobReference")
    @Resolver
    @Description("Entity reference for the gateway's _entities (Job is owned by job-service; query jobs there)")
    public Job job(@Id @NonNull String id) {
        return new Job(id);
    }

    /** Job.aiSummary, resolved for a whole list of jobs at once; null for jobs ai-service has not received yet. */
    @Description("A short AI summary and key requirements of this job (cached; counts against the caller's AI limit)")
    public List<AiSummary> aiSummary(@Source List<Job> jobs) {
        String me = currentUser.id().toString();
        return await(summaries.summaries(me, jobs.stream().map(j -> j.id).toList())
                .map(list -> list.stream().map(AiSummary::of).toList()));
    }

    // --- Queries ---

    @Query("aiSummary")
    @Description("A short AI summary and key requirements of a job; cached, so asking again costs no model call")
    public AiSummary aiSummaryOf(@Name("jobId") @Id @NonNull String jobId) {
        String me = currentUser.id().toString();
        return await(summaries.summary(me, uuid(jobId, "jobId")).map(AiSummary::of));
    }

    @Query
    @Description("The search terms most recently generated for the user (null if none yet)")
    public SearchTerms latestSearchTerms(@Id @NonNull String userId) {
        String me = self(userId);
        return await(searchTerms.latest(me).map(SearchTerms::of));
    }

    @Query
    @Description("A user's AI usage from the ai_outputs ledger: totals and one page of entries, newest first")
    public AiUsage aiUsage(@Id @NonNull String userId, @DefaultValue("0") int page,
            @DefaultValue("20") int size) {
        String me = self(userId);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequestException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        return await(AiOutputDoc.<AiOutputDoc> find(new Document("userId", me)).list().chain(all -> AiOutputDoc
                .<AiOutputDoc> find("userId", Sort.descending("at"), me).page(Page.of(page, size)).list()
                .map(entries -> {
                    AiUsage usage = new AiUsage();
                    usage.userId = me;
                    usage.calls = all.stream().filter(e -> !e.cacheHit).count();
                    usage.cacheHits = all.stream().filter(e -> e.cacheHit).count();
                    usage.tokensIn = all.stream().mapToLong(e -> e.tokensIn).sum();
                    usage.tokensOut = all.stream().mapToLong(e -> e.tokensOut).sum();
                    usage.page = page;
                    usage.size = size;
                    usage.entries = entries.stream().map(AiCall::of).toList();
                    return usage;
                })));
    }

    // --- Mutations ---

    @Mutation
    @Description("Generates job search terms from the user's default resume and emits aspaire.ai.v1 "
            + "SearchTermsGenerated")
    public SearchTerms generateSearchTerms(@Id @NonNull String userId) {
        String me = self(userId);
        return await(searchTerms.generate(me).map(SearchTerms::of));
    }

    @Mutation
    @Description("Writes a cover letter grounded in the caller's resume for a job; warnings list claims the resume "
            + "does not support")
    public CoverLetter generateCoverLetter(@Id @NonNull String jobId, @Id @NonNull String resumeId,
            @DefaultValue("FORMAL") Tone tone) {
        String me = currentUser.id().toString();
        return await(coverLetters.generate(me, uuid(jobId, "jobId"), uuid(resumeId, "resumeId"), tone)
                .map(CoverLetter::of));
    }

    /**
     * Operations run on worker threads and wait for the reactive MongoDB/model pipeline: failures then surface as the
     * thrown ApiException, which SmallRye GraphQL reports with its message and extensions.code.
     */
    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(java.time.Duration.ofMinutes(5));
    }

    private String self(String userId) {
        currentUser.id(); // 401 before anything else
        return currentUser.requireSelf(UUID.fromString(uuid(userId, "userId"))).toString();
    }

    private static String uuid(String value, String name) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be a UUID");
        }
    }
}
