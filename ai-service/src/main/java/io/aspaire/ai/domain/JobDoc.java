package io.aspaire.ai.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/** Read model of a job listing, built from aspaire.jobs.v1 (JobIngested/JobUpdated): the data prompts need. */
@MongoEntity(collection = "jobs")
public class JobDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String title;
    public String company;
    public String location;
    public String remote;
    public String jobType;
    public String description;
    public String applyUrl;
    public String postedAt;
    public List<String> tags;
    /** SHA-256 of what a prompt reads; part of the summary cache key, so a changed listing is summarised again. */
    public String contentHash;
    public Instant updatedAt;
    /**
     * How many job events built this document: 1 after JobIngested, one more per JobUpdated. Each event adds one
     * exactly once (the inbox), so a redelivered event leaves it unchanged.
     */
    public long version;
    /**
     * A copy of the summary cached for this job (ai_summaries), so a read of cached summaries is one query on the
     * jobs. Current only while its id is the cache key of the listing as it is now (same content hash, model and
     * prompt version); a changed listing leaves a stale copy that is simply not used.
     */
    public AiSummaryDoc currentSummary;

    public String computeContentHash() {
        return sha256(String.join("\u0000", nz(title), nz(company), nz(location), nz(remote), nz(jobType),
                nz(description), tags == null ? "" : String.join(",", tags)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
