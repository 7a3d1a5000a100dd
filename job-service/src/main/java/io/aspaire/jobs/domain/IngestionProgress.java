package io.aspaire.jobs.domain;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** One item of the ingestionRun subscription: the run as it is now, and which source has just finished. */
@Name("IngestionProgress")
@Description("An ingestion run's progress: first its state when subscribed, then one item each time a source "
        + "finishes, then its final state (the subscription then completes)")
public record IngestionProgress(
        @NonNull @Description("The run as it is now: status, per-source counts so far") IngestionRunView run,
        @Description("The source that has just finished (null in the first item and in the final one)")
        SourceReport finishedSource) {

    /** Whether this is the run's last item: COMPLETED or FAILED. */
    public static boolean ended(IngestionProgress progress) {
        return !IngestionRun.RUNNING.equals(progress.run().status());
    }
}
