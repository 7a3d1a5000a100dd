package io.aspaire.jobs.domain;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** One item of the newMatchingJobs subscription: what one of the caller's searches found for the first time. */
@Name("NewMatchingJobs")
@Description("Listings one of the caller's search queries returned in an ingestion run that none of their searches "
        + "had returned before")
public record NewMatchingJobs(
        @NonNull @Id @Description("The ingestion run that found them") String runId,
        @NonNull @Description("The search query's text") String query,
        @NonNull @Description("The search query's location (empty: anywhere)") String location,
        @NonNull List<@NonNull Job> jobs) {
}
