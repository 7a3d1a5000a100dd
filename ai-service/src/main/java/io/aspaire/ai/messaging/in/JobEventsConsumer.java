package io.aspaire.ai.messaging.in;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.service.MatchService;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.service.SearchResults;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * aspaire.jobs.v1 -> the jobs read model (JobIngested and JobUpdated carry the full listing), with the listing's
 * embedding and skills for the match score; and SearchResultsFound -> the listings each user's searches returned
 * (recommendedJobs' candidates), stored unless the user is deleted. Other types on the topic are ignored.
 */
@ApplicationScoped
public class JobEventsConsumer {

    static final String JOB_INGESTED = "JobIngested";
    static final String JOB_UPDATED = "JobUpdated";
    static final String SEARCH_RESULTS_FOUND = "SearchResultsFound";

    private final EventHandlers handlers;

    public JobEventsConsumer(Inbox inbox, EventCodec codec, ReadModels readModels, MatchService matching,
            SearchResults searchResults, DeletedAccounts deletedAccounts) {
        this.handlers = EventHandlers.builder(Consumers.NAME, inbox, codec)
                .on(JOB_INGESTED, JobData.class, data -> store(readModels, matching, toDoc(data)))
                .on(JOB_UPDATED, JobData.class, data -> store(readModels, matching, toDoc(data)))
                .on(SEARCH_RESULTS_FOUND, SearchResultsFound.class, data -> deletedAccounts.applyUnlessDeleted(
                        EventHandlers.id(data.userId(), "userId"),
                        () -> searchResults.record(data.userId(), data.searchQueryId(), data.jobIds(),
                                data.foundAt())))
                .build();
    }

    @Incoming("jobs-in")
    public Uni<Void> onJobEvent(String value) {
        return handlers.consume(value);
    }

    /** The listing, then its embedding and skills (recomputed only if its text or the model changed). */
    private static Uni<Void> store(ReadModels readModels, MatchService matching, JobDoc doc) {
        return readModels.upsertJob(doc).chain(() -> matching.indexJob(doc.id));
    }

    static JobDoc toDoc(JobData data) {
        if (data.jobId() == null || data.jobId().isBlank()) {
            throw new InvalidEventException("job event without jobId");
        }
        JobDoc doc = new JobDoc();
        doc.id = data.jobId();
        doc.title = data.title();
        doc.company = data.company();
        doc.location = data.location();
        doc.remote = data.remote();
        doc.jobType = data.jobType();
        doc.description = data.description();
        doc.applyUrl = data.applyUrl();
        doc.postedAt = data.postedAt();
        doc.tags = data.tags() == null ? List.of() : data.tags();
        doc.source = data.source();
        // not one nested ?: : its double branches would unbox the null of a listing without a salary (NPE)
        java.math.BigDecimal top = data.salaryMax() != null ? data.salaryMax() : data.salaryMin();
        doc.salaryTop = top == null ? null : Double.valueOf(top.doubleValue());
        return doc;
    }

    /** job-service's SearchResultsFound (docs/events.md): {@code jobIds} is every listing the run returned. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SearchResultsFound(String runId, String userId, String searchQueryId, String query,
            String location, List<String> jobIds, List<String> newJobIds, String foundAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobData(String jobId, String source, String externalId, String title, String company,
            String location, String remote, String jobType, java.math.BigDecimal salaryMin,
            java.math.BigDecimal salaryMax, String description, String applyUrl, String postedAt, List<String> tags) {
    }
}
