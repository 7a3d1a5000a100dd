package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.Binary;

import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.MatchScore;
import io.aspaire.ai.domain.ResumeDoc;
import io.smallrye.mutiny.Uni;

/**
 * The match score's data: each listing's and resume's embedding and skills, stored with the read model and
 * recomputed only when the embedded text, the model or the skill dictionary changed; and the scores of one resume
 * against a page of listings.
 */
@ApplicationScoped
public class MatchService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MatchService.class);

    private final Embedder embedder;
    private final SkillExtractor skills;
    private final AtomicLong embedded = new AtomicLong();

    public MatchService(Embedder embedder, SkillExtractor skills) {
        this.embedder = embedder;
        this.skills = skills;
    }

    /**
     * Brings the listing's match fields up to date. The write names the content hash it read, so a newer version of
     * the listing stored meanwhile is not given the old text's vector (its own event indexes it).
     */
    public Uni<Void> indexJob(String jobId) {
        return JobDoc.<JobDoc> findById(jobId).chain(job -> {
            if (job == null) {
                return Uni.createFrom().voidItem();
            }
            String text = job.matchText();
            String hash = JobDoc.sha256(text);
            return fields(text, hash, job.embedding, job.embeddingModel, job.matchTextHash, job.skillsVersion)
                    .chain(update -> update == null ? Uni.createFrom().voidItem()
                            : JobDoc.mongoCollection().updateOne(
                                    new Document("_id", job.id).append("contentHash", job.contentHash),
                                    new Document("$set", update)).replaceWithVoid());
        });
    }

    /**
     * Fills a resume's match fields before it is stored: carried over from the stored copy while text, model and
     * dictionary are the same (a ResumeSaved that only changed the title of the default flag embeds nothing).
     */
    public Uni<ResumeDoc> prepareResume(ResumeDoc resume) {
        return ResumeDoc.<ResumeDoc> findById(resume.id).chain(stored -> {
            String text = resume.matchText();
            String hash = JobDoc.sha256(text);
            return fields(text, hash, stored == null ? null : stored.embedding,
                    stored == null ? null : stored.embeddingModel, stored == null ? null : stored.matchTextHash,
                    stored == null ? null : stored.skillsVersion)
                    .map(update -> {
                        Document values = update != null ? update : new Document("embedding", stored.embedding)
                                .append("embeddingModel", stored.embeddingModel)
                                .append("matchTextHash", stored.matchTextHash).append("skills", stored.skills)
                                .append("skillsVersion", stored.skillsVersion)
                                .append("embeddedAt", stored.embeddedAt == null ? null
                                        : Date.from(stored.embeddedAt));
                        resume.embedding = bytes(values.get("embedding"));
                        resume.embeddingModel = values.getString("embeddingModel");
                        resume.matchTextHash = values.getString("matchTextHash");
                        resume.skills = values.getList("skills", String.class);
                        resume.skillsVersion = values.getString("skillsVersion");
                        Date at = values.getDate("embeddedAt");
                        resume.embeddedAt = at == null ? null : at.toInstant();
                        return resume;
                    });
        });
    }

    /**
     * The $set of the match fields when something is stale, else null. The embedding is recomputed only when the
     * text or the model changed; a new dictionary alone re-extracts skills (cheap) and keeps the vector.
     */
    private Uni<Document> fields(String text, String hash, byte[] vector, String model, String textHash,
            String skillsVersion) {
        boolean vectorStale = vector == null || !Embedder.MODEL.equals(model) || !hash.equals(textHash);
        boolean skillsStale = vectorStale || !skills.version().equals(skillsVersion);
        if (!skillsStale) {
            return Uni.createFrom().nullItem();
        }
        Uni<byte[]> embedding = vectorStale
                ? embedder.embed(text).map(v -> {
                    embedded.incrementAndGet();
                    return Embedder.toBytes(v);
                }).onFailure().recoverWithItem(failure -> {
                    // The event that brought the text is applied all the same (the read model must not wait for, or
                    // be dead-lettered with, the model): the vector stays missing, which is what the backfill embeds.
                    LOG.warnf("embedding failed, left to the backfill: %s", failure.toString());
                    return null;
                })
                : Uni.createFrom().item(vector);
        return embedding.map(v -> v == null
                ? new Document("embedding", null).append("embeddingModel", null).append("matchTextHash", null)
                        .append("skills", skills.extract(text)).append("skillsVersion", skills.version())
                        .append("embeddedAt", null)
                : new Document("embedding", v).append("embeddingModel", Embedder.MODEL)
                        .append("matchTextHash", hash).append("skills", skills.extract(text))
                        .append("skillsVersion", skills.version()).append("embeddedAt", Date.from(Instant.now())));
    }

    /**
     * The scores of {@code resume} against the listings, in their order; null for a listing not known or not yet
     * embedded, and all null when the resume itself has no embedding yet. One query for the page.
     */
    public Uni<List<MatchScore>> score(ResumeDoc resume, List<String> jobIds) {
        List<MatchScore> none = new ArrayList<>();
        jobIds.forEach(id -> none.add(null));
        if (resume == null || resume.embedding == null || jobIds.isEmpty()) {
            return Uni.createFrom().item(none);
        }
        float[] resumeVector = Embedder.fromBytes(resume.embedding);
        List<String> resumeSkills = resume.skills == null ? List.of() : resume.skills;
        return JobDoc.<JobDoc> find(new Document("_id", new Document("$in", List.copyOf(jobIds)))).list()
                .map(found -> {
                    Map<String, JobDoc> byId = new HashMap<>();
                    found.forEach(j -> byId.put(j.id, j));
                    List<MatchScore> scores = new ArrayList<>(jobIds.size());
                    for (String id : jobIds) {
                        JobDoc job = byId.get(id);
                        scores.add(job == null || job.embedding == null ? null
                                : MatchScore.of(Embedder.dot(resumeVector, Embedder.fromBytes(job.embedding)),
                                        resumeSkills, job.skills == null ? List.of() : job.skills));
                    }
                    return scores;
                });
    }

    /** Texts embedded by this instance since it started (a text seen unchanged is not embedded again). */
    public long embeddedCount() {
        return embedded.get();
    }

    private static byte[] bytes(Object value) {
        return value instanceof Binary b ? b.getData() : (byte[]) value;
    }
}
