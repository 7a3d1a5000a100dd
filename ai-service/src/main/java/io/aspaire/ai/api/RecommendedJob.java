package io.aspaire.ai.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A listing recommended for the caller's default resume, with its match")
public record RecommendedJob(@NonNull Job job, @NonNull JobMatch match) {
}
