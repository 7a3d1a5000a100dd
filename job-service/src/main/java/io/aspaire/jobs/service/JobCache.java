package io.aspaire.jobs.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.client.model.IndexOptions;

import io.aspaire.jobs.domain.JobCacheEntry;
import io.aspaire.jobs.domain.Source;
import io.quarkus.runtime.StartupEvent;

/**
 * job_cache in MongoDB. Blocking facade (ingestion runs on a worker thread). Only operations both real MongoDB and
 * the local Mongo server support: find by id, replace-upsert, delete, index creation.
 */
@ApplicationScoped
public class JobCache {

    private static final Logger LOG = Logger.getLogger(JobCache.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Duration ttl;

    public JobCache(@ConfigProperty(name = "aspaire.jobs.cache.ttl", defaultValue = "PT24H") Duration ttl) {
        this.ttl = ttl;
    }

    void createIndexes(@jakarta.enterprise.event.Observes StartupEvent ignored) {
        try {
            JobCacheEntry.mongoCollection().createIndex(new Document("expiresAt", 1),
                    new IndexOptions().expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS)).await().atMost(WAIT);
        } catch (RuntimeException e) {
            // a server without TTL indexes still works: reads ignore expired entries
            LOG.infof("job_cache TTL index not created (%s); expired entries are ignored on read", e.getMessage());
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Raw pages of one search and when they were fetched (relative dates are resolved against that time). */
    public record Cached(List<String> pages, Instant fetchedAt) {
    }

    /** The cached pages of this search if fetched within the TTL. */
    public Optional<Cached> responses(Source source, String searchKey, Instant now) {
        JobCacheEntry e = JobCacheEntry.<JobCacheEntry>findById(responseId(source, searchKey)).await().atMost(WAIT);
        if (e == null || e.expiresAt == null || !e.expiresAt.toInstant().isAfter(now) || e.pages == null) {
            return Optional.empty();
        }
        return Optional.of(new Cached(e.pages, e.fetchedAt == null ? now : e.fetchedAt.toInstant()));
    }

    public void storeResponses(Source source, String searchKey, List<String> pages, Instant fetchedAt) {
        JobCacheEntry e = new JobCacheEntry();
        e.id = responseId(source, searchKey);
        e.kind = JobCacheEntry.RESPONSE;
        e.source = source.name();
        e.searchKey = searchKey;
        e.pages = new ArrayList<>(pages);
        e.fetchedAt = Date.from(fetchedAt);
        e.expiresAt = Date.from(fetchedAt.plus(ttl));
        e.persistOrUpdate().await().atMost(WAIT);
    }

    /** Dedup metadata: per fingerprint, its canonical listing and the source listings that are that job. */
    public void storeFingerprints(Map<String, String> canonicalByFingerprint, Map<String, List<String>> members) {
        for (Map.Entry<String, String> fp : canonicalByFingerprint.entrySet()) {
            JobCacheEntry e = new JobCacheEntry();
            e.id = "fp:" + Fingerprints.sha256(fp.getKey());
            e.kind = JobCacheEntry.FINGERPRINT;
            e.fingerprint = fp.getKey();
            e.canonicalId = fp.getValue();
            JobCacheEntry before = JobCacheEntry.<JobCacheEntry>findById(e.id).await().atMost(WAIT);
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
            if (before != null && before.members != null) {
                all.addAll(before.members);
            }
            all.addAll(members.getOrDefault(fp.getKey(), List.of()));
            e.members = new ArrayList<>(all);
            e.fetchedAt = new Date();
            e.persistOrUpdate().await().atMost(WAIT);
        }
    }

    public Optional<JobCacheEntry> fingerprint(String fingerprint) {
        return Optional.ofNullable(JobCacheEntry.<JobCacheEntry>findById("fp:" + Fingerprints.sha256(fingerprint))
                .await().atMost(WAIT));
    }

    public void evict(Source source, String searchKey) {
        JobCacheEntry.deleteById(responseId(source, searchKey)).await().atMost(WAIT);
    }

    static String responseId(Source source, String searchKey) {
        return "resp:" + source.name() + ":" + Fingerprints.sha256(searchKey);
    }
}
