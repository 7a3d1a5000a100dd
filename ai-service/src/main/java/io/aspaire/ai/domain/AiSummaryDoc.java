package io.aspaire.ai.domain;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/**
 * A cached job summary. The id is derived from job id + content hash + model + prompt version, so the same question is
 * never asked twice and a new model, prompt or listing text gets a fresh answer.
 */
@MongoEntity(collection = "ai_summaries")
public class AiSummaryDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String jobId;
    public String contentHash;
    public String model;
    public String promptVersion;
    public String summary;
    public List<String> keyRequirements;
    public Instant createdAt;

    public static String cacheKey(String jobId, String contentHash, String model, String promptVersion) {
        return JobDoc.sha256(jobId + "|" + contentHash + "|" + model + "|" + promptVersion);
    }
}
