package io.aspaire.ai.domain;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

import io.aspaire.platform.mongodb.OutboxEntry;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/**
 * Search terms generated for a user. The SearchTermsGenerated event is embedded ({@code _outbox}) and written in the
 * same single-document insert, so the terms and their event are stored together or not at all.
 */
@MongoEntity(collection = "ai_search_terms")
public class SearchTermsDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    public String resumeId;
    public List<String> titles;
    public List<String> skills;
    public List<String> locations;
    public String model;
    public Instant generatedAt;
    @BsonProperty(OutboxEntry.FIELD)
    public OutboxEntry outbox;
}
