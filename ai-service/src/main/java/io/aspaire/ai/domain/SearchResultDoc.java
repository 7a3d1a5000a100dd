package io.aspaire.ai.domain;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/**
 * One listing one of the user's searches returned (SearchResultsFound on aspaire.jobs.v1): recommendedJobs ranks
 * only these. One document per (user, listing), {@code _id = userId:jobId}, so a listing returned by many runs is
 * stored once and a redelivered event writes nothing new; a user's set is read by the {@code userId} index.
 */
@MongoEntity(collection = "ai_search_results")
public class SearchResultDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    public String jobId;
    /** The saved search that first returned it. */
    public String searchQueryId;
    public Instant firstFoundAt;
    public Instant lastFoundAt;

    public static String key(String userId, String jobId) {
        return userId + ":" + jobId;
    }
}
