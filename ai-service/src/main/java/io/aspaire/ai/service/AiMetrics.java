package io.aspaire.ai.service;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * ai-service's own metrics (docs/observability.md), all tagged with the {@code feature} that used the model
 * ({@code summary}, {@code searchTerms}, {@code coverLetter}, {@code claimCheck}, {@code chat}):
 * <ul>
 * <li>{@code aspaire_ai_model_calls_seconds} (timer, also tagged {@code outcome}: {@code OK} or the failure's type):
 * every model call and how long it took, retries included;</li>
 * <li>{@code aspaire_ai_model_tokens_total} (counter, tagged {@code direction}: {@code in}/{@code out}): the tokens
 * the provider counted;</li>
 * <li>{@code aspaire_ai_cache_hits_total} (counter): answers served from the cache without a model call.</li>
 * </ul>
 * The per-user ledger (ai_outputs) keeps the same calls for aiUsage and the hourly limit; these are the service-wide
 * view for dashboards and alerts.
 */
@ApplicationScoped
public class AiMetrics {

    private final MeterRegistry registry;
    /**
     * The cache-hit counter of each feature, registered once: {@link #cacheHits} runs on every cached read (each
     * _entities batch of aiSummary), and building and registering the counter there cost more than counting.
     */
    private final Map<String, Counter> cacheHitCounters = new ConcurrentHashMap<>();

    public AiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One model call of {@code feature} (a ledger feature name such as SEARCH_TERMS) and what it cost. */
    public void modelCall(String feature, String outcome, long latencyMs, int tokensIn, int tokensOut) {
        String tag = tag(feature);
        Timer.builder("aspaire.ai.model.calls").description("Model calls by feature and outcome, with their latency")
                .tag("feature", tag).tag("outcome", outcome).register(registry)
                .record(latencyMs, TimeUnit.MILLISECONDS);
        tokens(tag, "in").increment(tokensIn);
        tokens(tag, "out").increment(tokensOut);
    }

    /** {@code hits} answers of {@code feature} served from the cache. */
    public void cacheHits(String feature, int hits) {
        if (hits > 0) {
            cacheHitCounters.computeIfAbsent(feature, f -> Counter.builder("aspaire.ai.cache.hits")
                    .description("Answers served from the cache, no model call").tag("feature", tag(f))
                    .register(registry)).increment(hits);
        }
    }

    private Counter tokens(String feature, String direction) {
        return Counter.builder("aspaire.ai.model.tokens").description("Tokens the provider counted, by feature")
                .tag("feature", feature).tag("direction", direction).register(registry);
    }

    /** SEARCH_TERMS -> searchTerms: the ledger's feature names as metric tag values. */
    static String tag(String feature) {
        String[] words = feature.toLowerCase(Locale.ROOT).split("_");
        StringBuilder tag = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            tag.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return tag.toString();
    }
}
