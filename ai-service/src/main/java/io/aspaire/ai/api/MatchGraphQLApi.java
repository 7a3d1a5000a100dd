package io.aspaire.ai.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.Embedder;
import io.aspaire.ai.service.MatchIndex;
import io.aspaire.ai.service.MatchService;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.service.SearchResults;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.input.Timestamps;
import io.aspaire.platform.input.Validation;
import io.aspaire.platform.security.CurrentUser;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The match score in the graph: {@code Job.match} (the caller's default resume against each job of a page, one
 * query per page) and {@code recommendedJobs} (among the listings the caller's searches returned). Only the caller's own resume is ever scored.
 */
@GraphQLApi
public class MatchGraphQLApi {

    private final CurrentUser currentUser;
    private final MatchService matching;
    private final MatchIndex index;
    private final ReadModels readModels;
    private final SearchResults searchResults;
    private final ResolverBudgets budgets;
    private final Validation validation;
    private final int maxRecommendations;

    public MatchGraphQLApi(CurrentUser currentUser, MatchService matching, MatchIndex index, ReadModels readModels,
            SearchResults searchResults, ResolverBudgets budgets, Validation validation, AiConfig config) {
        this.currentUser = currentUser;
        this.matching = matching;
        this.index = index;
        this.readModels = readModels;
        this.searchResults = searchResults;
        this.budgets = budgets;
        this.validation = validation;
        this.maxRecommendations = config.match().maxRecommendations();
    }

    /** Job.match for a whole page of jobs at once; null where the caller has no resume or the job is not embedded. */
    @Description("How well the caller's default resume fits this job (null without a resume, or while the job or "
            + "resume is not analysed yet)")
    public Uni<List<JobMatch>> match(@Source List<Job> jobs) {
        String me = currentUser.id().toString();
        List<String> ids = jobs.stream().map(j -> j.id).toList();
        return budgets.read("Job.match", readModels.defaultResumeOrNull(me)
                .chain(resume -> matching.score(resume, ids)
                        .map(scores -> scores.stream().map(s -> JobMatch.of(s, resume == null ? null : resume.id))
                                .toList())));
    }

    @Query
    @Description("The listings the user's searches returned, ranked by how well they fit the user's default resume "
            + "(best first), with the filters of `jobs`; empty until the resume is analysed and a search has run")
    public Uni<RecommendedJobPage> recommendedJobs(@Id @NonNull String userId,
            @DefaultValue("20") @Description("Page size, 1 to 100 (null: 20)") Integer first,
            @Description("nextCursor of the previous page") String after, MatchFilter filter) {
        currentUser.id();
        String me = currentUser.requireSelf(Ids.required("userId", userId)).toString();
        int size = PageRequest.of(0, first, 20, 100).size();
        int offset = decodeCursor(after);
        if (offset + size > maxRecommendations) {
            throw new BadRequestException("recommendedJobs pages at most " + maxRecommendations
                    + " listings deep; narrow the filter instead");
        }
        MatchIndex.Filter accepts = filter == null ? null : compile(validation.check("filter", filter));
        Uni<ResumeDoc> resumeRead = readModels.defaultResumeOrNull(me);
        Uni<List<String>> candidatesRead = searchResults.jobIdsOf(me);
        return budgets.read("recommendedJobs", Uni.combine().all().unis(resumeRead, candidatesRead).asTuple()
                .chain(both -> page(both.getItem1(), both.getItem2(), accepts, offset, size)));
    }

    /** One page of the candidates ranked against the resume; empty without an embedded resume or candidates. */
    private Uni<RecommendedJobPage> page(ResumeDoc resume, List<String> candidates, MatchIndex.Filter accepts,
            int offset, int size) {
        if (resume == null || resume.embedding == null || candidates.isEmpty()) {
            return Uni.createFrom().item(new RecommendedJobPage(List.of(), null));
        }
        float[] vector = Embedder.fromBytes(resume.embedding);
        List<String> skills = resume.skills == null ? List.of() : resume.skills;
        // an exact scan of the listings the user's searches returned (at most every listing: ~10-30 ms at 100,000):
        // a worker thread, not the event loop
        return Uni.createFrom().item(() -> index.topAmong(vector, skills, accepts, offset + size + 1, candidates))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(ranked -> {
                    List<RecommendedJob> items = new ArrayList<>();
                    for (int i = offset; i < Math.min(ranked.size(), offset + size); i++) {
                        MatchIndex.Ranked r = ranked.get(i);
                        items.add(new RecommendedJob(new Job(r.jobId()), JobMatch.of(r.score(), resume.id)));
                    }
                    String next = ranked.size() > offset + size ? encodeCursor(offset + size) : null;
                    return new RecommendedJobPage(items, next);
                });
    }

    static MatchIndex.Filter compile(MatchFilter f) {
        List<String> words = f.text == null || f.text.isBlank() ? List.of()
                : List.of(f.text.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        String location = f.location == null || f.location.isBlank() ? null : MatchIndex.lower(f.location.trim());
        String jobType = f.jobType == null || f.jobType.isBlank() ? null : f.jobType.trim().toUpperCase(Locale.ROOT);
        String source = f.source == null || f.source.isBlank() ? null : f.source.trim().toUpperCase(Locale.ROOT);
        Double salaryMin = f.salaryMin == null ? null : f.salaryMin.doubleValue();
        Instant postedAfter = f.postedAfter == null ? null
                : Timestamps.inRange("filter.postedAfter", f.postedAfter).toInstant();
        return listing -> {
            if (location != null && !MatchIndex.lower(listing.location()).contains(location)) {
                return false;
            }
            if (f.remote != null && listing.remote() != f.remote) {
                return false;
            }
            if (jobType != null && !jobType.equalsIgnoreCase(listing.jobType())) {
                return false;
            }
            if (source != null && !source.equalsIgnoreCase(listing.source())) {
                return false;
            }
            if (salaryMin != null && (listing.salaryTop() == null || listing.salaryTop() < salaryMin)) {
                return false;
            }
            if (postedAfter != null && (listing.postedAt() == null || listing.postedAt().isBefore(postedAfter))) {
                return false;
            }
            if (!words.isEmpty()) {
                String haystack = MatchIndex.lower(listing.title()) + " " + MatchIndex.lower(listing.company()) + " "
                        + MatchIndex.lower(String.join(" ", listing.skills()));
                for (String word : words) {
                    if (!haystack.contains(word)) {
                        return false;
                    }
                }
            }
            return true;
        };
    }

    static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("match:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decodeCursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(after.trim()), StandardCharsets.UTF_8);
            if (text.startsWith("match:")) {
                int offset = Integer.parseInt(text.substring(6));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the one message below (NumberFormatException is an IllegalArgumentException)
        }
        throw new BadRequestException("after is not a valid cursor (pass nextCursor of the previous page)");
    }
}
