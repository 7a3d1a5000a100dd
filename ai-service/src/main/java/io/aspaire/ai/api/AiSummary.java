package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.AiSummaryDoc;

/** GraphQL output of a cached summary (dates as ISO-8601 UTC strings). */
@Name("AiSummary")
@Description("A short AI summary of a job listing, cached per job content, model and prompt version")
public record AiSummary(@Id @NonNull String jobId, @NonNull String summary,
        @NonNull List<@NonNull String> keyRequirements, String model, String promptVersion, String createdAt) {

    /** The one mapping from the stored summary; null stays null (a job ai-service has not received). */
    static AiSummary of(AiSummaryDoc d) {
        return d == null ? null
                : new AiSummary(d.jobId, d.summary, d.keyRequirements == null ? List.of() : d.keyRequirements,
                        d.model, d.promptVersion, Outputs.iso(d.createdAt));
    }
}
