package io.aspaire.ai.service;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.aspaire.ai.client.AiConfig;
import io.aspaire.ai.model.AiOutputDoc;
import io.aspaire.platform.errors.TooManyRequestsException;
import io.smallrye.mutiny.Uni;

/**
 * Writes the ai_outputs ledger and enforces the per-user hourly limit on model calls. The limit counts the ledger's
 * non-cached entries of the last hour, so it holds across replicas and restarts (two concurrent calls at the edge
 * may both pass: the limit is a cost guard, not an exact quota).
 */
@ApplicationScoped
public class UsageLedger {

    private final AiConfig config;

    public UsageLedger(AiConfig config) {
        this.config = config;
    }

    public Uni<Void> checkAllowance(String userId) {
        Instant since = Instant.now().minus(Duration.ofHours(1));
        return AiOutputDoc.count(new Document("userId", userId).append("cacheHit", false)
                .append("at", new Document("$gte", java.util.Date.from(since))))
                .invoke(count -> {
                    if (count >= config.callsPerHour()) {
                        throw new TooManyRequestsException("AI call limit reached: " + config.callsPerHour()
                                + " model calls per hour per user; cached answers still work, try again later");
                    }
                }).replaceWithVoid();
    }

    public Uni<Void> record(String userId, String feature, String model, ChatResponse response, long latencyMs) {
        TokenUsage usage = response == null ? null : response.tokenUsage();
        return write(userId, feature, response != null && response.modelName() != null ? response.modelName() : model,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), latencyMs, false,
                "OK");
    }

    public Uni<Void> recordFailure(String userId, String feature, String model, long latencyMs, String code) {
        return write(userId, feature, model, 0, 0, latencyMs, false, code);
    }

    public Uni<Void> recordCacheHit(String userId, String feature, String model) {
        return write(userId, feature, model, 0, 0, 0, true, "OK");
    }

    private Uni<Void> write(String userId, String feature, String model, int in, int out, long latencyMs,
            boolean cacheHit, String outcome) {
        AiOutputDoc doc = new AiOutputDoc();
        doc.id = UUID.randomUUID().toString();
        doc.userId = userId;
        doc.feature = feature;
        doc.model = model;
        doc.tokensIn = in;
        doc.tokensOut = out;
        doc.latencyMs = latencyMs;
        doc.cacheHit = cacheHit;
        doc.outcome = outcome;
        doc.at = Instant.now();
        return doc.persist().replaceWithVoid();
    }
}
