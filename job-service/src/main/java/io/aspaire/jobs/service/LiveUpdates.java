package io.aspaire.jobs.service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.domain.IngestionProgress;
import io.aspaire.jobs.domain.IngestionRunView;
import io.aspaire.jobs.domain.NewMatchingJobs;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.platform.live.UserChannel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What this pod pushes to its subscribers: every pod reads every event of aspaire.jobs.v1
 * ({@code messaging.in.LiveEventsConsumer}, a consumer group of its own) and hands each to the subscriptions opened
 * on this pod that it concerns, whichever pod ran the ingestion. Nothing is kept: an event nobody here is subscribed
 * to costs one map lookup.
 * <ul>
 * <li>ingestionRun progress, by run id: whoever may see the run (its user; admins for a run of all users) was
 * checked when subscribing;</li>
 * <li>newMatchingJobs, by user id: a subscription only ever sees its caller's own searches.</li>
 * </ul>
 * Each subscription buffers at most {@link UserChannel#DEFAULT_BUFFER} untaken items, then fails.
 */
@ApplicationScoped
public class LiveUpdates {

    /** What the feed tells a run's subscriptions: a source is done, or the run's final state. */
    public record RunUpdate(SourceReport finishedSource, IngestionRunView state) {
    }

    private final UserChannel<RunUpdate> runs = new UserChannel<>();
    private final UserChannel<NewMatchingJobs> matches = new UserChannel<>();

    /**
     * A run's progress from {@code current} (its state when the caller subscribed, already checked to be theirs):
     * that state first, then one item per source finished, then the final state, then the end. A run already over
     * gives its final state only. Events are watched before {@code reread} reads the run again, so nothing that
     * happened between the first read and the watch is missed (a state already seen is not repeated).
     */
    public Multi<IngestionProgress> runProgress(IngestionRunView current, Supplier<Uni<IngestionRunView>> reread) {
        IngestionProgress first = new IngestionProgress(current, null);
        if (IngestionProgress.ended(first)) {
            return Multi.createFrom().item(first);
        }
        UUID runId = UUID.fromString(current.id());
        AtomicReference<IngestionRunView> seen = new AtomicReference<>(current);
        Multi<RunUpdate> updates = Multi.createBy().merging().streams(runs.subscribe(runId),
                Multi.createFrom().uni(Uni.createFrom().deferred(reread::get)).map(state -> new RunUpdate(null, state)));
        // each update gives the item to push, none (a state already pushed), or, after the final state, an empty
        // marker that ends the subscription
        Multi<IngestionProgress> after = updates
                .onItem().transformToIterable(update -> {
                    IngestionProgress progress;
                    if (update.finishedSource() != null) {
                        IngestionRunView now = seen.updateAndGet(v -> v.withSource(update.finishedSource()));
                        progress = new IngestionProgress(now, update.finishedSource());
                    } else if (update.state().equals(seen.getAndSet(update.state()))) {
                        return List.<Optional<IngestionProgress>>of();
                    } else {
                        progress = new IngestionProgress(update.state(), null);
                    }
                    return IngestionProgress.ended(progress) ? List.of(Optional.of(progress), Optional.empty())
                            : List.of(Optional.of(progress));
                })
                .select().first(Optional::isPresent)
                .map(Optional::get);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(first), after);
    }

    public Multi<NewMatchingJobs> newMatchingJobs(UUID userId) {
        return matches.subscribe(userId);
    }

    public boolean watchesRun(UUID runId) {
        return runs.watched(runId);
    }

    public boolean watchesMatches(UUID userId) {
        return matches.watched(userId);
    }

    /** Open ingestionRun subscriptions of one run on this pod (tests wait on it). */
    public int runSubscriptions(UUID runId) {
        return runs.count(runId);
    }

    /** Open newMatchingJobs subscriptions of one user on this pod (tests wait on it). */
    public int matchSubscriptions(UUID userId) {
        return matches.count(userId);
    }

    public void runProgressed(UUID runId, RunUpdate update) {
        runs.publish(runId, update);
    }

    public void newMatchingJobsFound(UUID userId, NewMatchingJobs found) {
        matches.publish(userId, found);
    }
}
