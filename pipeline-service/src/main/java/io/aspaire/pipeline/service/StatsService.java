package io.aspaire.pipeline.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.pipeline.domain.JobApplication;
import io.aspaire.pipeline.domain.PipelineStats;
import io.aspaire.pipeline.domain.PipelineStats.StageConversion;
import io.aspaire.pipeline.domain.PipelineStats.StageCount;
import io.aspaire.pipeline.domain.PipelineStats.StageDuration;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.domain.StageChange;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Funnel statistics from the current stages and the stage history. Definitions (also in the README):
 * <ul>
 * <li>an application <em>reached</em> a funnel stage if its history ever entered that stage or a later funnel stage
 * (SAVED &lt; APPLIED &lt; INTERVIEW &lt; OFFER &lt; ACCEPTED): saving a job straight as APPLIED passed SAVED;</li>
 * <li>conversion A→B = reached(B) / reached(A), null when nothing reached A;</li>
 * <li>time in a stage = from entering it to the next change; stays not yet ended are left out; the median of an even
 * number of stays is the mean of the two middle ones.</li>
 * </ul>
 */
@ApplicationScoped
public class StatsService {

    static final List<Stage[]> CONVERSIONS = List.of(
            new Stage[] { Stage.SAVED, Stage.APPLIED },
            new Stage[] { Stage.APPLIED, Stage.INTERVIEW },
            new Stage[] { Stage.INTERVIEW, Stage.OFFER });

    /** Two statements in one session: the user's applications, then their whole history. */
    @WithSession
    public Uni<PipelineStats> stats(UUID userId) {
        return JobApplication.<JobApplication> list("userId", userId)
                .chain(apps -> StageChange.<StageChange> list("userId", userId)
                        .map(history -> compute(userId, apps, history)));
    }

    static PipelineStats compute(UUID userId, List<JobApplication> apps, List<StageChange> history) {
        Map<Stage, Integer> current = new EnumMap<>(Stage.class);
        Map<UUID, Integer> furthest = new HashMap<>();
        for (JobApplication app : apps) {
            current.merge(app.stage, 1, Integer::sum);
            furthest.merge(app.id, app.stage.funnelIndex(), Math::max);
        }

        Map<UUID, List<StageChange>> byApp = new HashMap<>();
        for (StageChange c : history) {
            byApp.computeIfAbsent(c.applicationId, k -> new ArrayList<>()).add(c);
        }
        Map<Stage, List<Double>> stays = new EnumMap<>(Stage.class);
        byApp.forEach((appId, changes) -> {
            if (!furthest.containsKey(appId)) {
                return; // history of an application removed meanwhile
            }
            changes.sort(Comparator.comparing((StageChange c) -> c.changedAt).thenComparing(c -> c.id));
            for (int i = 0; i < changes.size(); i++) {
                StageChange c = changes.get(i);
                furthest.merge(appId, c.toStage.funnelIndex(), Math::max);
                if (i + 1 < changes.size()) {
                    Duration d = Duration.between(c.changedAt, changes.get(i + 1).changedAt);
                    stays.computeIfAbsent(c.toStage, k -> new ArrayList<>()).add(d.toMillis() / 1000.0);
                }
            }
        });

        List<StageCount> byStage = new ArrayList<>();
        List<StageDuration> durations = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            byStage.add(new StageCount(stage, current.getOrDefault(stage, 0)));
            List<Double> values = stays.getOrDefault(stage, List.of());
            durations.add(new StageDuration(stage, values.size(), median(values)));
        }
        List<StageConversion> conversions = new ArrayList<>();
        for (Stage[] pair : CONVERSIONS) {
            int from = reached(furthest, pair[0]);
            int to = reached(furthest, pair[1]);
            conversions.add(new StageConversion(pair[0], pair[1], from, to, from == 0 ? null : (double) to / from));
        }
        return new PipelineStats(userId.toString(), apps.size(), byStage, conversions, durations);
    }

    private static int reached(Map<UUID, Integer> furthest, Stage stage) {
        int index = stage.funnelIndex();
        return (int) furthest.values().stream().filter(i -> i >= index).count();
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
