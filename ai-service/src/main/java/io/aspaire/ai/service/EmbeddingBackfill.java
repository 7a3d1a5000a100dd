package io.aspaire.ai.service;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.model.ReplaceOptions;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Embeds, in the background, every listing and resume whose match fields are missing or were computed by another
 * model or dictionary: the read model as it was before the match score existed, or after either changed. Its state
 * is the documents themselves (what is stale is what is left to do), so a restart resumes where it stopped; its
 * progress is logged after each batch, kept in {@code ai_match_backfill} (one document: done, pending, model) and
 * exported as {@code aspaire_ai_match_backfill_pending}. One batch at a time, each text on the embedding pool, so
 * the backfill never holds more than one embedding thread and events keep being applied between its texts.
 */
@ApplicationScoped
public class EmbeddingBackfill {

    private static final Logger LOG = Logger.getLogger(EmbeddingBackfill.class);
    static final String PROGRESS = "ai_match_backfill";

    private final MatchService matching;
    private final SkillExtractor skills;
    private final ReadModels readModels;
    private final int batch;
    private final AtomicLong pending = new AtomicLong(-1);
    private final AtomicLong done = new AtomicLong();

    public EmbeddingBackfill(MatchService matching, SkillExtractor skills, ReadModels readModels, AiConfig config,
            MeterRegistry registry) {
        this.matching = matching;
        this.skills = skills;
        this.readModels = readModels;
        this.batch = config.match().backfillBatch();
        Gauge.builder("aspaire_ai_match_backfill_pending", pending, AtomicLong::get)
                .description("listings and resumes still to embed by the match backfill (-1 before its first pass)")
                .register(registry);
    }

    /** What is stale: no embedding, or one from another model or dictionary. */
    Document stale() {
        return new Document("$or", List.of(new Document("embedding", null),
                new Document("embeddingModel", new Document("$ne", Embedder.MODEL)),
                new Document("skillsVersion", new Document("$ne", skills.version()))));
    }

    @Scheduled(every = "${aspaire.ai.match.backfill-every:5s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pass() {
        return runOnce().onFailure().invoke(e -> LOG.warnf("match backfill pass failed (next pass retries): %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One batch of listings and resumes; the number embedded (0 when nothing was stale). */
    public Uni<Integer> runOnce() {
        Document stale = stale();
        Uni<List<String>> jobs = JobDoc.mongoDatabase().getCollection("jobs")
                .find(stale, new io.quarkus.mongodb.FindOptions().projection(new Document("_id", 1))
                        .limit(batch))
                .map(d -> d.getString("_id")).collect().asList();
        return jobs.chain(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> matching.indexJob(id).replaceWith(1))
                .collect().asList().map(List::size))
                .chain(jobCount -> ResumeDoc.<ResumeDoc> find(stale).page(0, batch).list()
                        .chain(resumes -> Multi.createFrom().iterable(resumes)
                                .onItem().transformToUniAndConcatenate(r -> matching.prepareResume(r)
                                        .chain(readModels::upsertResume).replaceWith(1))
                                .collect().asList().map(list -> jobCount + list.size())))
                .chain(count -> JobDoc.mongoCollection().countDocuments(stale)
                        .chain(jobsLeft -> ResumeDoc.mongoCollection().countDocuments(stale)
                                .map(resumesLeft -> jobsLeft + resumesLeft))
                        .chain(left -> record(count, left)).replaceWith(count));
    }

    private Uni<Void> record(int count, long left) {
        pending.set(left);
        long total = done.addAndGet(count);
        if (count == 0) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("match backfill: %d embedded in this pass, %d since start, %d to go (%s)", count, total, left,
                Embedder.MODEL);
        Document progress = new Document("_id", "progress").append("model", Embedder.MODEL)
                .append("skillsVersion", skills.version()).append("lastBatch", count)
                .append("pending", left).append("updatedAt", Date.from(Instant.now()));
        return JobDoc.mongoDatabase().getCollection(PROGRESS)
                .replaceOne(new Document("_id", "progress"), progress, new ReplaceOptions().upsert(true))
                .replaceWithVoid();
    }

    /** Listings and resumes left to embed at the last pass (-1 before the first). */
    public long pending() {
        return pending.get();
    }
}
