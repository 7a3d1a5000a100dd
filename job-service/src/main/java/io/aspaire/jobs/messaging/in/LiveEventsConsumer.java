package io.aspaire.jobs.messaging.in;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.domain.IngestionRun;
import io.aspaire.jobs.domain.IngestionRunView;
import io.aspaire.jobs.domain.NewMatchingJobs;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.messaging.out.IngestionCompleted;
import io.aspaire.jobs.messaging.out.IngestionSourceFinished;
import io.aspaire.jobs.messaging.out.SearchResultsFound;
import io.aspaire.jobs.service.JobSearch;
import io.aspaire.jobs.service.LiveUpdates;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Feeds the GraphQL subscriptions ({@link LiveUpdates}) from this service's own topic aspaire.jobs.v1:
 * IngestionSourceFinished and IngestionCompleted to {@code ingestionRun(id)}, SearchResultsFound with new listings to
 * {@code newMatchingJobs}. A run goes on on whichever pod started it (or ran the schedule) while its watchers'
 * WebSockets are held by any pod, so every pod reads every event: the channel {@code jobs-live} has a consumer group
 * of its own per pod ({@code job-service-live-jobs-<uuid>}, docs/architecture.md "Subscriptions"), starts at the end
 * of the topic and commits nothing.
 * <p>
 * Not the platform inbox: nothing is written, so there is nothing to apply exactly once. An unreadable record is
 * logged and skipped (the inbox consumers of the topic dead-letter it). The run or the listings are loaded only when
 * someone on this pod is subscribed to them; JobIngested/JobUpdated, most of the topic, are dropped after reading
 * their type.
 */
@ApplicationScoped
public class LiveEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LiveEventsConsumer.class);

    private final EventCodec codec;
    private final LiveUpdates live;
    private final JobSearch search;
    private final ObjectMapper mapper;

    public LiveEventsConsumer(EventCodec codec, LiveUpdates live, JobSearch search, ObjectMapper mapper) {
        this.codec = codec;
        this.live = live;
        this.search = search;
        this.mapper = mapper;
    }

    @Incoming("jobs-live")
    public Uni<Void> onJobsEvent(String value) {
        CloudEvent event = codec.readOrSkip(value, "the subscriptions feed");
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            return switch (event.type()) {
                case SearchResultsFound.TYPE -> searchResults(codec.fromData(event, SearchResultsFound.class));
                case IngestionSourceFinished.TYPE -> {
                    IngestionSourceFinished finished = codec.fromData(event, IngestionSourceFinished.class);
                    yield sourceFinished(finished);
                }
                case "IngestionCompleted" -> runCompleted(codec.fromData(event, IngestionCompleted.class).runId());
                default -> Uni.createFrom().voidItem();
            };
        } catch (RuntimeException e) {
            LOG.warnf("Unreadable %s skipped by the subscriptions feed: %s", event.type(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
    }

    /** The new listings of one of a user's searches, to that user's newMatchingJobs subscriptions on this pod. */
    private Uni<Void> searchResults(SearchResultsFound found) {
        UUID userId = UUID.fromString(found.userId());
        if (found.newJobIds() == null || found.newJobIds().isEmpty() || !live.watchesMatches(userId)) {
            return Uni.createFrom().voidItem();
        }
        return search.byIds(found.newJobIds())
                .invoke(jobs -> {
                    List<io.aspaire.jobs.domain.Job> known = jobs.stream().filter(Objects::nonNull).toList();
                    if (!known.isEmpty()) {
                        live.newMatchingJobsFound(userId, new NewMatchingJobs(found.runId(), found.query(),
                                found.location() == null ? "" : found.location(), known));
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("new listings of run %s not pushed: %s", found.runId(),
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One source of a run is done: its final counts, to the run's subscriptions on this pod. */
    private Uni<Void> sourceFinished(IngestionSourceFinished finished) {
        UUID runId = UUID.fromString(finished.runId());
        if (live.watchesRun(runId)) {
            live.runProgressed(runId, new LiveUpdates.RunUpdate(new SourceReport(finished.source(),
                    SourceStatus.valueOf(finished.status()), finished.fetched(), finished.created(),
                    finished.updated(), finished.error()), null));
        }
        return Uni.createFrom().voidItem();
    }

    /** The run is over: its final state (written with the event), to the run's subscriptions on this pod. */
    private Uni<Void> runCompleted(String id) {
        UUID runId = UUID.fromString(id);
        if (!live.watchesRun(runId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> IngestionRun.<IngestionRun>findById(runId))
                .invoke(run -> {
                    if (run != null) { // null: erased meanwhile, its user's account was deleted
                        live.runProgressed(runId, new LiveUpdates.RunUpdate(null, IngestionRunView.of(run, mapper)));
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("end of run %s not pushed: %s", id, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
