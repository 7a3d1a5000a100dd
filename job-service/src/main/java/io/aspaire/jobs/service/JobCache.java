package io.aspaire.jobs.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.model.IndexOptions;

import io.aspaire.jobs.config.JobCacheConfig;
import io.aspaire.jobs.domain.JobCacheEntry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * job_cache in MongoDB through the reactive client (non-blocking). Only operations both real MongoDB and the local
 * Mongo server support: find by id, replace-upsert, delete, index creation.
 */
@ApplicationScoped
public class JobCache {

    private static final Logger LOG = Logger.getLogger(JobCache.class);

    private final Duration ttl;

    public JobCache(JobCacheConfig config) {
        this.ttl = config.ttl();
    }

    void createIndexes(@Observes StartupEvent ignored) {
        // not awaited: start-up does not wait for MongoDB; reads check expiresAt themselves
        JobCacheEntry.mongoCollection().createIndex(new Document("expiresAt", 1),
                new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)).subscribe().with(
                        name -> LOG.debugf("job_cache TTL index %s", name),
                        e -> LOG.infof("job_cache TTL index not created (%s); expired entries are ignored on read",
                                e.getMessage()));
    }

    public Duration ttl() {
        return ttl;
    }

    /** Raw pages of one search and when they were fetched (relative dates are resolved against that time). */
    public record Cached(List<String> pages, Instant fetchedAt) {
    }

    /** The cached pages of this search if fetched within the TTL. */
    public Uni<Optional<Cached>> responses(String source, String searchKey, Instant now) {
        return JobCacheEntry.<JobCacheEntry>findById(responseId(source, searchKey)).map(e -> {
            if (e == null || e.expiresAt == null || !e.expiresAt.toInstant().isAfter(now) || e.pages == null) {
                return Optional.empty();
            }
            return Optional.of(new Cached(e.pages, e.fetchedAt == null ? now : e.fetchedAt.toInstant()));
        });
    }

    public Uni<Void> storeResponses(String source, String searchKey, List<String> pages, Instant fetchedAt) {
        JobCacheEntry e = new JobCacheEntry();
        e.id = responseId(source, searchKey);
        e.kind = JobCacheEntry.RESPONSE;
        e.source = source;
        e.searchKey = searchKey;
        e.pages = new ArrayList<>(pages);
        e.fetchedAt = Date.from(fetchedAt);
        e.expiresAt = Date.from(fetchedAt.plus(ttl));
        return e.persistOrUpdate().replaceWithVoid();
    }

    /** Dedup metadata: per fingerprint, its canonical listing and the source listings that are that job. */
    public Uni<Void> storeFingerprints(Map<String, String> canonicalByFingerprint, Map<String, List<String>> members) {
        return Multi.createFrom().iterable(canonicalByFingerprint.entrySet())
                .onItem().transformToUniAndConcatenate(fp -> {
                    String id = "fp:" + Fingerprints.sha256(fp.getKey());
                    return JobCacheEntry.<JobCacheEntry>findById(id).chain(before -> {
                        JobCacheEntry e = new JobCacheEntry();
                        e.id = id;
                        e.kind = JobCacheEntry.FINGERPRINT;
                        e.fingerprint = fp.getKey();
                        e.canonicalId = fp.getValue();
                        LinkedHashSet<String> all = new LinkedHashSet<>();
                        if (before != null && before.members != null) {
                            all.addAll(before.members);
                        }
                        all.addAll(members.getOrDefault(fp.getKey(), List.of()));
                        e.members = new ArrayList<>(all);
                        e.fetchedAt = new Date();
                        return e.persistOrUpdate();
                    });
                })
                .collect().last().replaceWithVoid();
    }

    public Uni<Optional<JobCacheEntry>> fingerprint(String fingerprint) {
        return JobCacheEntry.<JobCacheEntry>findById("fp:" + Fingerprints.sha256(fingerprint)).map(Optional::ofNullable);
    }

    public Uni<Void> evict(String source, String searchKey) {
        return JobCacheEntry.deleteById(responseId(source, searchKey)).replaceWithVoid();
    }

    static String responseId(String source, String searchKey) {
        return "resp:" + source + ":" + Fingerprints.sha256(searchKey);
    }
}
