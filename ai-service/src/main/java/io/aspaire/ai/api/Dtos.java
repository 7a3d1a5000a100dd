package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.AiSummaryDoc;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.GroundingWarning;
import io.aspaire.ai.domain.SearchTermsDoc;

/** GraphQL output types (dates as ISO-8601 UTC strings). */
public final class Dtos {

    private Dtos() {
    }

    @Name("AiSummary")
    @Description("A short AI summary of a job listing, cached per job content, model and prompt version")
    public static class AiSummary {
        @Id
        @NonNull
        public String jobId;
        @NonNull
        public String summary;
        @NonNull
        public List<@NonNull String> keyRequirements;
        public String model;
        public String promptVersion;
        public String createdAt;

        static AiSummary of(AiSummaryDoc d) {
            if (d == null) {
                return null;
            }
            AiSummary s = new AiSummary();
            s.jobId = d.jobId;
            s.summary = d.summary;
            s.keyRequirements = d.keyRequirements == null ? List.of() : d.keyRequirements;
            s.model = d.model;
            s.promptVersion = d.promptVersion;
            s.createdAt = d.createdAt == null ? null : d.createdAt.toString();
            return s;
        }
    }

    @Name("SearchTerms")
    @Description("Job-board search terms generated from a user's default resume")
    public static class SearchTerms {
        @Id
        @NonNull
        public String id;
        @Id
        public String userId;
        @Id
        public String resumeId;
        public List<@NonNull String> titles;
        public List<@NonNull String> skills;
        public List<@NonNull String> locations;
        public String model;
        public String generatedAt;

        static SearchTerms of(SearchTermsDoc d) {
            if (d == null) {
                return null;
            }
            SearchTerms s = new SearchTerms();
            s.id = d.id;
            s.userId = d.userId;
            s.resumeId = d.resumeId;
            s.titles = d.titles;
            s.skills = d.skills;
            s.locations = d.locations;
            s.model = d.model;
            s.generatedAt = d.generatedAt == null ? null : d.generatedAt.toString();
            return s;
        }
    }

    @Name("CoverLetter")
    @Description("A generated cover letter with the claims a grounding check found unsupported by the resume")
    public static class CoverLetter {
        @Id
        @NonNull
        public String id;
        @Id
        public String jobId;
        @Id
        public String resumeId;
        public String tone;
        @NonNull
        public String text;
        @NonNull
        public List<@NonNull GroundingWarning> warnings;
        public String model;
        public String createdAt;

        static CoverLetter of(CoverLetterDoc d) {
            CoverLetter c = new CoverLetter();
            c.id = d.id;
            c.jobId = d.jobId;
            c.resumeId = d.resumeId;
            c.tone = d.tone;
            c.text = d.text;
            c.warnings = d.warnings == null ? List.of() : d.warnings;
            c.model = d.model;
            c.createdAt = d.createdAt == null ? null : d.createdAt.toString();
            return c;
        }
    }

    @Name("AiCall")
    @Description("One ledger entry: a model call or a cache hit")
    public static class AiCall {
        public String feature;
        public String model;
        public int tokensIn;
        public int tokensOut;
        public long latencyMs;
        public boolean cacheHit;
        public String outcome;
        public String at;

        static AiCall of(AiOutputDoc d) {
            AiCall c = new AiCall();
            c.feature = d.feature;
            c.model = d.model;
            c.tokensIn = d.tokensIn;
            c.tokensOut = d.tokensOut;
            c.latencyMs = d.latencyMs;
            c.cacheHit = d.cacheHit;
            c.outcome = d.outcome;
            c.at = d.at == null ? null : d.at.toString();
            return c;
        }
    }

    @Name("AiUsage")
    @Description("A user's AI usage: totals over all time and one page of ledger entries, newest first")
    public static class AiUsage {
        @Id
        public String userId;
        public long calls;
        public long cacheHits;
        public long tokensIn;
        public long tokensOut;
        public int page;
        public int size;
        public List<@NonNull AiCall> entries;
    }
}
