package io.aspaire.pipeline.domain;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** Funnel statistics of one user's pipeline (definitions in the service README). */
public record PipelineStats(
        @Id @NonNull String userId,
        int total,
        @Description("Applications currently in each stage (every stage listed, zeros included)")
        @NonNull List<@NonNull StageCount> byStage,
        @Description("saved->applied->interview->offer: share of applications that reached 'to' among those that "
                + "reached 'from' (reaching a later funnel stage counts as having passed the earlier ones)")
        @NonNull List<@NonNull StageConversion> conversions,
        @Description("Median time spent in each stage, over the stays that ended (the application moved on)")
        @NonNull List<@NonNull StageDuration> timeInStage) {

    public record StageCount(@NonNull Stage stage, int count) {
    }

    public record StageConversion(@NonNull Stage from, @NonNull Stage to, int reachedFrom, int reachedTo,
            @Description("reachedTo / reachedFrom, null when reachedFrom is 0") Double rate) {
    }

    public record StageDuration(@NonNull Stage stage, int samples,
            @Description("Median seconds in the stage, null without samples") Double medianSeconds) {
    }
}
