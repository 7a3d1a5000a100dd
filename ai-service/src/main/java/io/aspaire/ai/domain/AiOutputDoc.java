package io.aspaire.ai.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/** The ledger: one entry per model call (or cache hit) -- who, which feature and model, tokens, latency. */
@MongoEntity(collection = "ai_outputs")
public class AiOutputDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    /** SUMMARY, SEARCH_TERMS, COVER_LETTER, CLAIM_CHECK, CHAT */
    public String feature;
    public String model;
    public int tokensIn;
    public int tokensOut;
    public long latencyMs;
    public boolean cacheHit;
    /** OK or the error code of a failed call. */
    public String outcome;
    public Instant at;
}
