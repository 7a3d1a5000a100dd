package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.aspaire.ai.domain.AiSummaryDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.platform.errors.NotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Job summaries, cached in ai_summaries by job id + content hash + model + prompt version: asking again for an
 * unchanged job costs no model call. A read of cached summaries is two queries sent at once (the jobs, and the
 * summaries of those jobs) and writes nothing; only a missing summary calls the model and writes (its summary and
 * the ledger entry of the call).
 */
@ApplicationScoped
public class SummaryService {

    public static final String FEATURE = "SUMMARY";
    private static final Logger LOG = Logger.getLogger(SummaryService.class);

    private final ModelCalls calls;
    private final ModelJson json;
    /** The index behind the summaries-of-these-jobs query; created once, on first use. */
    private final Uni<Void> jobIdIndex;

    public SummaryService(ModelCalls calls, ModelJson json) {
        this.calls = calls;
        this.json = json;
        this.jobIdIndex = Uni.createFrom().deferred(() -> AiSummaryDoc.mongoCollection().createIndex(
                Indexes.ascending("jobId"), new IndexOptions().name("job")))
                .onFailure().invoke(e -> LOG.warnf("summary index job not created (queries still work): %s", e))
                .onFailure().recoverWithNull().replaceWithVoid().memoize().indefinitely();
    }

    /**
     * What is known about some jobs: the jobs ai-service has received and the summaries cached for their current
     * content, model and prompt version.
     */
    public record Lookup(List<String> jobIds, Map<String, JobDoc> jobs, Map<String, AiSummaryDoc> cached) {

        /** Whether every known job has its summary (then nothing needs the model). */
        public boolean complete() {
            return jobs.keySet().stream().allMatch(cached::containsKey);
        }

        /** The summaries in input order; null for a job ai-service has not received (or not summarised yet). */
        public List<AiSummaryDoc> inOrder() {
            List<AiSummaryDoc> out = new ArrayList<>(jobIds.size());
            jobIds.forEach(id -> out.add(cached.get(id)));
            return out;
        }
    }

    /** The jobs and their cached summaries: two queries, sent together, whatever the number of jobs. */
    public Uni<Lookup> lookup(List<String> jobIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(jobIds));
        Document ofTheseJobs = new Document("$in", distinct);
        Uni<List<JobDoc>> jobs = JobDoc.<JobDoc> find(new Document("_id", ofTheseJobs)).list();
        Uni<List<AiSummaryDoc>> summaries = jobIdIndex.chain(() -> AiSummaryDoc.<AiSummaryDoc> find(
                new Document("jobId", ofTheseJobs)).list());
        return Uni.combine().all().unis(jobs, summaries).asTuple().map(found -> {
            Map<String, JobDoc> byId = new HashMap<>();
            found.getItem1().forEach(j -> byId.put(j.id, j));
            Map<String, AiSummaryDoc> byKey = new HashMap<>();
            found.getItem2().forEach(s -> byKey.put(s.id, s));
            Map<String, AiSummaryDoc> current = new HashMap<>();
            byId.values().forEach(j -> {
                AiSummaryDoc hit = byKey.get(cacheKey(j));
                if (hit != null) {
                    current.put(j.id, hit);
                }
            });
            return new Lookup(jobIds, byId, current);
        });
    }

    /**
     * The summaries of a lookup in input order, asking the model for each missing one, one after another: a list of
     * jobs must not fan out into a burst of parallel provider calls (rate limits, cost).
     */
    public Uni<List<AiSummaryDoc>> complete(String userId, Lookup lookup) {
        if (lookup.complete()) {
            return Uni.createFrom().item(lookup.inOrder());
        }
        List<JobDoc> missing = lookup.jobs().values().stream()
                .filter(j -> !lookup.cached().containsKey(j.id)).toList();
        Map<String, AiSummaryDoc> all = new HashMap<>(lookup.cached());
        return Multi.createFrom().iterable(missing)
                .onItem().transformToUniAndConcatenate(job -> generate(userId, job).invoke(s -> all.put(job.id, s)))
                .collect().last()
                .map(x -> new Lookup(lookup.jobIds(), lookup.jobs(), all).inOrder());
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

    private String cacheKey(JobDoc job) {
        return AiSummaryDoc.cacheKey(job.id, hash(job), calls.model(), Prompts.VERSION);
    }

    private static String hash(JobDoc job) {
        return job.contentHash != null ? job.contentHash : job.computeContentHash();
    }

    private Uni<AiSummaryDoc> generate(String userId, JobDoc job) {
        String key = cacheKey(job);
        return calls.call(userId, FEATURE, List.of(SystemMessage.from(Prompts.SUMMARY_SYSTEM),
                UserMessage.from("Summarise this job listing.\n" + Prompts.job(job))))
                .chain(response -> {
                    String answer = response.aiMessage().text();
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
                    return AiSummaryDoc.mongoCollection().replaceOne(new Document("_id", key), doc,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true)).replaceWith(doc);
                });
    }
}
