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

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.aspaire.ai.domain.AiSummaryDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.platform.errors.NotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Job summaries, cached in ai_summaries by job id + content hash + model + prompt version: asking again for an
 * unchanged job costs no model call.
 */
@ApplicationScoped
public class SummaryService {

    public static final String FEATURE = "SUMMARY";

    private final ModelCalls calls;
    private final UsageLedger ledger;
    private final ModelJson json;

    public SummaryService(ModelCalls calls, UsageLedger ledger, ModelJson json) {
        this.calls = calls;
        this.ledger = ledger;
        this.json = json;
    }

    public Uni<AiSummaryDoc> summary(String userId, String jobId) {
        return summaries(userId, List.of(jobId)).map(list -> {
            if (list.get(0) == null) {
                throw new NotFoundException("job " + jobId + " is not known to ai-service (not yet received from "
                        + "job-service)");
            }
            return list.get(0);
        });
    }

    /**
     * Summaries for several jobs in input order (null for a job ai-service has not received): one query for the
     * jobs, one for the cached summaries, and a model call only per missing summary.
     */
    public Uni<List<AiSummaryDoc>> summaries(String userId, List<String> jobIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(jobIds));
        return JobDoc.<JobDoc> find(new Document("_id", new Document("$in", distinct))).list()
                .chain(jobs -> {
                    Map<String, JobDoc> byId = new HashMap<>();
                    jobs.forEach(j -> byId.put(j.id, j));
                    Map<String, String> keys = new HashMap<>();
                    byId.values().forEach(j -> keys.put(j.id, AiSummaryDoc.cacheKey(j.id, hash(j), calls.model(),
                            Prompts.VERSION)));
                    return AiSummaryDoc.<AiSummaryDoc> find(new Document("_id",
                            new Document("$in", new ArrayList<>(keys.values())))).list()
                            .chain(cached -> {
                                Map<String, AiSummaryDoc> byKey = new HashMap<>();
                                cached.forEach(s -> byKey.put(s.id, s));
                                // missing summaries one after another: a list of jobs must not fan out into a burst
                                // of parallel provider calls (rate limits, cost)
                                return Multi.createFrom().iterable(distinct)
                                        .onItem().transformToUniAndConcatenate(id -> {
                                            JobDoc job = byId.get(id);
                                            if (job == null) {
                                                return Uni.createFrom().item(Map.entry(id, new AiSummaryDoc()));
                                            }
                                            AiSummaryDoc hit = byKey.get(keys.get(id));
                                            Uni<AiSummaryDoc> result = hit != null
                                                    ? ledger.recordCacheHit(userId, FEATURE, calls.model())
                                                            .replaceWith(hit)
                                                    : generate(userId, job, keys.get(id));
                                            return result.map(s -> Map.entry(id, s));
                                        })
                                        .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
                            });
                })
                .map(found -> {
                    List<AiSummaryDoc> out = new ArrayList<>(jobIds.size());
                    for (String id : jobIds) {
                        AiSummaryDoc s = found.get(id);
                        out.add(s == null || s.id == null ? null : s);
                    }
                    return out;
                });
    }

    private static String hash(JobDoc job) {
        return job.contentHash != null ? job.contentHash : job.computeContentHash();
    }

    private Uni<AiSummaryDoc> generate(String userId, JobDoc job, String key) {
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
