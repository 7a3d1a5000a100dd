package io.aspaire.ai.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/** Read model of a resume, built from aspaire.resumes.v1 (ResumeSaved/ResumeDeleted). */
@MongoEntity(collection = "resumes")
public class ResumeDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    public String title;
    public boolean isDefault;
    public String text;
    public String updatedAt;
    public Instant storedAt;
}
