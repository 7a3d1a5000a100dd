package io.aspaire.jobs.domain;

import java.util.Date;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/**
 * The MongoDB collection job_cache holds two kinds of documents:
 * <ul>
 * <li>{@code RESPONSE}: the raw pages a source answered for one search, so the same search is not paid for twice
 * within the TTL ({@code expiresAt}; a TTL index removes them on real MongoDB, reads check it too);</li>
 * <li>{@code FINGERPRINT}: dedup metadata, the listings of every source that are the same job and their canonical id.</li>
 * </ul>
 */
@MongoEntity(collection = "job_cache")
public class JobCacheEntry extends ReactivePanacheMongoEntityBase {

    public static final String RESPONSE = "RESPONSE";
    public static final String FINGERPRINT = "FINGERPRINT";

    @BsonId
    public String id;
    public String kind;
    public String source;
    public String searchKey;
    public List<String> pages;
    public Date fetchedAt;
    public Date expiresAt;
    public String fingerprint;
    public String canonicalId;
    public List<String> members;
}
