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
    public String source;
    /** The listing's maximum salary (its minimum when no maximum is given), for recommendedJobs' salaryMin filter. */
    public Double salaryTop;
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

    // --- match score (service.MatchService): written after the listing, recomputed only when stale ---
    /** all-MiniLM-L6-v2 embedding of {@link #matchText}: 384 little-endian float32, unit length. */
    public byte[] embedding;
    /** {@code service.Embedder.MODEL} that computed {@link #embedding}. */
    public String embeddingModel;
    /** SHA-256 of the text that was embedded; a listing whose text changed is embedded again. */
    public String matchTextHash;
    /** Canonical skills the listing asks for (service.SkillExtractor) and the dictionary version that found them. */
    public List<String> skills;
    public String skillsVersion;
    /** When the match fields were last written: the in-memory index (MatchIndex) reads what is newer. */
    public Instant embeddedAt;

    public String computeContentHash() {
        return sha256(String.join("\u0000", nz(title), nz(company), nz(location), nz(remote), nz(jobType),
                nz(description), tags == null ? "" : String.join(",", tags)));
    }

    /** What the embedding and the skill extractor read: title, tags and description (bounded: a long listing's
     *  first 2,000 characters say what the job is). */
    public String matchText() {
        String text = nz(title) + "\n" + (tags == null ? "" : String.join(", ", tags)) + "\n" + nz(description);
        return text.length() > 2000 ? text.substring(0, 2000) : text;
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
