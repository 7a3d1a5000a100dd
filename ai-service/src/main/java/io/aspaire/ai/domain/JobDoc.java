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
