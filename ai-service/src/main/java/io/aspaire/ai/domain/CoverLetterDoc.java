package io.aspaire.ai.domain;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/** Every generated cover letter, kept for audit with the grounding warnings it was returned with. */
@MongoEntity(collection = "ai_cover_letters")
public class CoverLetterDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    public String jobId;
    public String resumeId;
    public String tone;
    public String text;
    public List<GroundingWarning> warnings;
    public String model;
    public String promptVersion;
    public Instant createdAt;
}
