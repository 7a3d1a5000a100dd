package io.aspaire.ai.service;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.ConversationDoc;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.domain.SearchResultDoc;
import io.aspaire.ai.domain.SearchTermsDoc;
import io.aspaire.platform.errors.NotFoundException;
import io.smallrye.mutiny.Uni;

/**
 * ai-service's copies of other services' data, so prompts never need a synchronous call. Every change is an
 * idempotent upsert or delete keyed by the aggregate id: applying an event twice leaves the same state.
 */
@ApplicationScoped
public class ReadModels {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final CurrentSummaries currentSummaries;

    public ReadModels(CurrentSummaries currentSummaries) {
        this.currentSummaries = currentSummaries;
    }

    /**
     * Stores the listing an event carries and counts the event in {@link JobDoc#version}; this replica's copy of
     * its summary state is dropped once the write is done (a new content hash may make the summary stale).
     */
    public Uni<Void> upsertJob(JobDoc job) {
        Document listing = new Document("title", job.title).append("company", job.company)
                .append("location", job.location).append("remote", job.remote).append("jobType", job.jobType)
                .append("description", job.description).append("applyUrl", job.applyUrl)
                .append("postedAt", job.postedAt).append("tags", job.tags)
                .append("source", job.source).append("salaryTop", job.salaryTop)
                .append("contentHash", job.computeContentHash()).append("updatedAt", Date.from(Instant.now()));
        return JobDoc.mongoCollection().updateOne(new Document("_id", job.id), new Document("$set", listing)
                .append("$inc", new Document("version", 1L)), new UpdateOptions().upsert(true))
                .invoke(() -> currentSummaries.forget(job.id)).replaceWithVoid();
    }

    public Uni<Void> upsertResume(ResumeDoc resume) {
        resume.storedAt = Instant.now();
        return ResumeDoc.mongoCollection().replaceOne(new Document("_id", resume.id), resume, UPSERT)
                .replaceWithVoid();
    }

    public Uni<Void> deleteResume(String resumeId) {
        return ResumeDoc.deleteById(resumeId).replaceWithVoid();
    }

    /** UserDeleted: everything ai-service holds about the user goes (with the listings their searches returned) (summaries are per job, not per user). */
    public Uni<Void> deleteUser(String userId) {
        Document byUser = new Document("userId", userId);
        return ResumeDoc.delete(byUser)
                .chain(() -> SearchTermsDoc.delete(byUser))
                .chain(() -> CoverLetterDoc.delete(byUser))
                .chain(() -> ConversationDoc.delete(byUser))
                .chain(() -> AiOutputDoc.delete(byUser))
                .chain(() -> SearchResultDoc.delete(byUser))
                .replaceWithVoid();
    }

    public Uni<JobDoc> requireJob(String jobId) {
        return JobDoc.<JobDoc> findById(jobId).onItem().ifNull().failWith(() -> new NotFoundException("job "
                + jobId + " is not known to ai-service (not yet received from job-service)"));
    }

    /** A resume, or 404; whose it is the API checks (it knows the caller). */
    public Uni<ResumeDoc> requireResume(String resumeId) {
        return ResumeDoc.<ResumeDoc> findById(resumeId)
                .onItem().ifNull().failWith(() -> new NotFoundException("resume " + resumeId + " not found"));
    }

    /** The default resume, else the most recently saved one. */
    public Uni<ResumeDoc> defaultResume(String userId) {
        return ResumeDoc.<ResumeDoc> find(new Document("userId", userId)).list()
                .map(list -> pickDefault(list).orElseThrow(() -> new NotFoundException(
                        "no resume for this user yet: upload or paste one first")));
    }

    /** The default resume (else the most recently saved one), or null when the user has none. */
    public Uni<ResumeDoc> defaultResumeOrNull(String userId) {
        return ResumeDoc.<ResumeDoc> find(new Document("userId", userId)).list()
                .map(list -> pickDefault(list).orElse(null));
    }

    static java.util.Optional<ResumeDoc> pickDefault(List<ResumeDoc> resumes) {
        java.util.Comparator<ResumeDoc> byDefaultThenRecent = java.util.Comparator
                .comparing((ResumeDoc r) -> r.isDefault)
                .thenComparing(r -> r.updatedAt == null ? "" : r.updatedAt);
        return resumes.stream().max(byDefaultThenRecent);
    }
}
