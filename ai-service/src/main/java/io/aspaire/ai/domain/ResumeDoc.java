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

    // --- match score (service.MatchService): carried over from the stored copy while the text is the same ---
    public byte[] embedding;
    public String embeddingModel;
    public String matchTextHash;
    public java.util.List<String> skills;
    public String skillsVersion;
    public Instant embeddedAt;

    /** What the embedding and the skill extractor read (bounded like a listing's, a bit longer). */
    public String matchText() {
        String all = (title == null ? "" : title + "\n") + (text == null ? "" : text);
        return all.length() > 4000 ? all.substring(0, 4000) : all;
    }
}
