package io.aspaire.ai.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.platform.errors.TooManyRequestsException;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;

/**
 * Writes the ai_outputs ledger of model calls and enforces the per-user hourly limit on them. A read of a cached
 * answer writes nothing here (entries with cacheHit true are from before cached reads stopped being written). The limit counts the ledger's
 * non-cached entries of the last hour, so it holds across replicas and restarts (two concurrent calls at the edge
 * may both pass: the limit is a cost guard, not an exact quota).
 */
@ApplicationScoped
public class UsageLedger {

    private static final Logger LOG = Logger.getLogger(UsageLedger.class);

    private final AiConfig config;
    private final AiMetrics metrics;
    /** The index behind the totals, the page and the hourly allowance; created once, on first use. */
    private final Uni<Void> ledgerIndex;

    public UsageLedger(AiConfig config, AiMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.ledgerIndex = Uni.createFrom().deferred(() -> AiOutputDoc.mongoCollection().createIndex(
                Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("at")),
                new IndexOptions().name("user_at")))
                .onFailure().invoke(e -> LOG.warnf("ledger index user_at not created (queries still work): %s", e))
                .onFailure().recoverWithNull().replaceWithVoid().memoize().indefinitely();
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

    /** A user's totals over the whole ledger. */
    public record Totals(long calls, long cacheHits, long tokensIn, long tokensOut) {
    }

    /**
     * Totals computed inside MongoDB: one $group over the user's entries (by cacheHit, so two rows come back), never
     * the entries themselves. A user with thousands of entries costs one index range scan, not thousands of decoded
     * documents per request.
     */
    public Uni<Totals> totals(String userId) {
        return ledgerIndex.chain(() -> AiOutputDoc.mongoCollection().aggregate(List.of(
                new Document("$match", new Document("userId", userId)),
                new Document("$group", new Document("_id", "$cacheHit")
                        .append("entries", new Document("$sum", 1))
                        .append("tokensIn", new Document("$sum", "$tokensIn"))
                        .append("tokensOut", new Document("$sum", "$tokensOut")))), Document.class)
                .collect().asList())
                .map(groups -> {
                    long calls = 0, cacheHits = 0, in = 0, out = 0;
                    for (Document g : groups) {
                        long entries = number(g.get("entries"));
                        if (Boolean.TRUE.equals(g.get("_id"))) {
                            cacheHits += entries;
                        } else {
                            calls += entries;
                        }
                        in += number(g.get("tokensIn"));
                        out += number(g.get("tokensOut"));
                    }
                    return new Totals(calls, cacheHits, in, out);
                });
    }

    /**
     * One page of a user's entries, newest first: a bounded query (skip/limit on the userId+at index). A page beyond
     * what a skip can address is simply empty.
     */
    public Uni<List<AiOutputDoc>> page(String userId, int page, int size) {
        long skip = (long) page * size;
        if (skip > Integer.MAX_VALUE) {
            return Uni.createFrom().item(List.of());
        }
        FindOptions newestFirst = new FindOptions().sort(new Document("at", -1).append("_id", -1))
                .skip((int) skip).limit(size);
        return ledgerIndex.chain(() -> AiOutputDoc.<AiOutputDoc> mongoCollection()
                .find(new Document("userId", userId), newestFirst).collect().asList());
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    public Uni<Void> record(String userId, String feature, String model, int tokensIn, int tokensOut,
            long latencyMs) {
        return write(userId, feature, model, tokensIn, tokensOut, latencyMs, false, "OK");
    }

    public Uni<Void> recordFailure(String userId, String feature, String model, long latencyMs, String code) {
        return write(userId, feature, model, 0, 0, latencyMs, false, code);
    }

    private Uni<Void> write(String userId, String feature, String model, int in, int out, long latencyMs,
            boolean cacheHit, String outcome) {
        metrics.modelCall(feature, outcome, latencyMs, in, out);
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
