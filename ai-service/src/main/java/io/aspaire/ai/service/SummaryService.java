package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.ReplaceOptions;

import io.aspaire.ai.client.Prompts;
import io.aspaire.ai.client.SummaryAi;
import io.aspaire.ai.domain.AiSummaryDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.platform.errors.NotFoundException;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Job summaries, cached in ai_summaries by job id + content hash + model + prompt version: asking again for an
 * unchanged job costs no model call. Each job of the read model carries a copy of its current summary
 * ({@link JobDoc#currentSummary}), so a read of cached summaries is one query (the jobs, by _id $in) whatever the
 * number of jobs, and writes nothing; jobs this replica read so within the last seconds are answered from
 * {@link CurrentSummaries} without that query. Only a job without a current copy looks in ai_summaries (one query
 * for all such jobs) and, failing that, asks the model.
 */
@ApplicationScoped
public class SummaryService {

    public static final String FEATURE = "SUMMARY";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /** What {@link #lookup} reads of a job: enough to tell whether its summary copy is current. */
    private static final Document SUMMARY_STATE = new Document("contentHash", 1).append("currentSummary", 1);

    private final ModelCalls calls;
    private final SummaryAi model;
    private final ModelJson json;
    private final AiMetrics metrics;
    private final CurrentSummaries recent;
    /**
     * JobDoc's collection, looked up once: Panache resolves it on every call (the entity's annotations, the client
     * bean, the database name), 1.7 % of ai-service's samples in the three-subgraph benchmark (findings session 9),
     * and {@link #lookup} is every cached {@code aiSummary} read. Null until first used.
     */
    private volatile ReactiveMongoCollection<JobDoc> jobs;

    public SummaryService(ModelCalls calls, SummaryAi model, ModelJson json, AiMetrics metrics,
            CurrentSummaries recent) {
        this.metrics = metrics;
        this.recent = recent;
        this.calls = calls;
        this.model = model;
        this.json = json;
    }

    /**
     * What is known about some jobs: the jobs ai-service has received and, by job id, their current summaries.
     */
    public record Lookup(List<String> jobIds, Map<String, JobDoc> jobs, Map<String, AiSummaryDoc> current) {

        /** Whether every known job has its current summary (then nothing needs the model or a write). */
        public boolean complete() {
            return jobs.keySet().stream().allMatch(current::containsKey);
        }

        /** The summaries in input order; null for a job ai-service has not received (or not summarised yet). */
        public List<AiSummaryDoc> inOrder() {
            List<AiSummaryDoc> out = new ArrayList<>(jobIds.size());
            jobIds.forEach(id -> out.add(current.get(id)));
            return out;
        }

        List<JobDoc> missing() {
            return jobs.values().stream().filter(j -> !current.containsKey(j.id)).toList();
        }
    }

    /**
     * The jobs and their current summaries: the ones {@link CurrentSummaries} holds, and one query for the others,
     * whatever their number. It reads only the fields that decide whether a job's copy is current (content hash,
     * summary): a listing's description, skills and 1.5 KB embedding are what the model needs, not a cached read,
     * and decoding them (and mongo-java-server encoding them) was most of a cached {@code aiSummary} read.
     * {@link #complete} reads the whole listings it has to summarise.
     */
    public Uni<Lookup> lookup(List<String> jobIds) {
        Map<String, JobDoc> byId = new HashMap<>();
        Map<String, AiSummaryDoc> current = new HashMap<>();
        List<String> toRead = new ArrayList<>();
        for (String id : new LinkedHashSet<>(jobIds)) {
            JobDoc held = recent.get(id); // current when read, within the copy's max age
            if (held != null) {
                byId.put(id, held);
                current.put(id, held.currentSummary);
            } else {
                toRead.add(id);
            }
        }
        Uni<List<JobDoc>> read = toRead.isEmpty() ? Uni.createFrom().item(List.of())
                : jobs().find(new Document("_id", new Document("$in", toRead)),
                        new FindOptions().projection(SUMMARY_STATE)).collect().asList();
        return read.map(found -> {
            for (JobDoc job : found) {
                byId.put(job.id, job);
                if (isCurrent(job)) {
                    current.put(job.id, job.currentSummary);
                    recent.put(job);
                }
            }
            metrics.cacheHits(FEATURE, current.size());
            return new Lookup(jobIds, byId, current);
        });
    }

    private ReactiveMongoCollection<JobDoc> jobs() {
        ReactiveMongoCollection<JobDoc> collection = jobs;
        if (collection == null) {
            collection = JobDoc.mongoCollection();
            jobs = collection;
        }
        return collection;
    }

    /**
     * Whether the job's copy is the summary of the listing as it is now. A job without a stored content hash (the
     * projection of {@link #lookup} leaves the fields to compute it out) is not current here; {@link #complete}
     * decides it on the whole listing.
     */
    private boolean isCurrent(JobDoc job) {
        return job.currentSummary != null && job.contentHash != null
                && cacheKey(job).equals(job.currentSummary.id);
    }

    /** One job's summary (404 when ai-service has not received the job). */
    public Uni<Lookup> lookupOne(String jobId) {
        return lookup(List.of(jobId)).invoke(found -> {
            if (found.jobs().isEmpty()) {
                throw new NotFoundException("job " + jobId + " is not known to ai-service (not yet received from "
                        + "job-service)");
            }
        });
    }

    /**
     * The summaries of a lookup in input order. Jobs without a current copy: first the cache (one query for all of
     * them; a summary found there is copied onto its job), then the model for what is still missing, one job after
     * another -- a list of jobs must not fan out into a burst of parallel provider calls (rate limits, cost).
     */
    public Uni<List<AiSummaryDoc>> complete(String userId, Lookup lookup) {
        if (lookup.complete()) {
            return Uni.createFrom().item(lookup.inOrder());
        }
        List<String> missingIds = lookup.missing().stream().map(j -> j.id).toList();
        Map<String, AiSummaryDoc> all = new HashMap<>(lookup.current());
        // the whole listings: their text goes into the cache key (when no hash is stored) and into the prompt
        return JobDoc.<JobDoc> find(new Document("_id", new Document("$in", missingIds))).list().chain(listings -> {
            List<JobDoc> missing = new ArrayList<>();
            for (JobDoc job : listings) {
                if (job.currentSummary != null && cacheKey(job).equals(job.currentSummary.id)) {
                    all.put(job.id, job.currentSummary);
                } else {
                    missing.add(job);
                }
            }
            if (missing.isEmpty()) {
                return Uni.createFrom().item(new Lookup(lookup.jobIds(), lookup.jobs(), all).inOrder());
            }
            Map<String, String> keys = new HashMap<>();
            missing.forEach(j -> keys.put(cacheKey(j), j.id));
            return AiSummaryDoc.<AiSummaryDoc> find(new Document("_id", new Document("$in",
                    new ArrayList<>(keys.keySet())))).list()
                    .chain(cached -> {
                        cached.forEach(summary -> all.put(keys.get(summary.id), summary));
                        return Multi.createFrom().iterable(missing)
                                .onItem().transformToUniAndConcatenate(job -> {
                                    AiSummaryDoc found = all.get(job.id);
                                    return found != null ? copyOntoJob(job.id, found)
                                            : generate(userId, job).invoke(summary -> all.put(job.id, summary));
                                })
                                .collect().last();
                    })
                    .map(x -> new Lookup(lookup.jobIds(), lookup.jobs(), all).inOrder());
        });
    }

    private String cacheKey(JobDoc job) {
        return AiSummaryDoc.cacheKey(job.id, hash(job), calls.model(), Prompts.VERSION);
    }

    private static String hash(JobDoc job) {
        return job.contentHash != null ? job.contentHash : job.computeContentHash();
    }

    /** The job's copy of its current summary (only the copy: the listing's fields are the events' to set). */
    private static Uni<AiSummaryDoc> copyOntoJob(String jobId, AiSummaryDoc summary) {
        return JobDoc.mongoCollection().updateOne(new Document("_id", jobId),
                new Document("$set", new Document("currentSummary", summary))).replaceWith(summary);
    }

    private Uni<AiSummaryDoc> generate(String userId, JobDoc job) {
        String key = cacheKey(job);
        String jobText = Prompts.job(job);
        return calls.call(userId, FEATURE, () -> model.summarise(jobText))
                .chain(answer -> {
                    JsonNode node = json.object(answer);
                    AiSummaryDoc doc = new AiSummaryDoc();
                    doc.id = key;
                    doc.jobId = job.id;
                    doc.contentHash = hash(job);
                    doc.model = calls.model();
                    doc.promptVersion = Prompts.VERSION;
                    doc.summary = node != null && node.hasNonNull("summary") ? node.get("summary").asText()
                            : answer == null ? "" : answer.trim();
                    doc.keyRequirements = json.strings(node, "keyRequirements", 8);
                    doc.createdAt = Instant.now();
                    // an upsert: two concurrent first requests store the same key once
                    return AiSummaryDoc.mongoCollection().replaceOne(new Document("_id", key), doc, UPSERT)
                            .chain(() -> copyOntoJob(job.id, doc));
                });
    }
}
