package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One page of recommendedJobs, best match first")
public record RecommendedJobPage(@NonNull List<@NonNull RecommendedJob> items,
        @Description("Pass as `after` for the next page; null on the last page") String nextCursor) {
}
