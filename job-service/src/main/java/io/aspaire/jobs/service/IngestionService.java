package io.aspaire.jobs.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.FetchedPage;
import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.client.SourceException;
import io.aspaire.jobs.messaging.out.IngestionCompleted;
import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.IngestionRun;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.domain.Source;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.domain.UpsertResult;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.ConflictException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * An ingestion run: takes the run lock, picks the next slice of search queries (or the searches given), asks each
 * source within its budget (cached responses first), upserts what came back, records per-query results and emits
 * IngestionCompleted. Sources are independent: one failing (errors, timeouts, open circuit) is reported in its
 * SourceReport while the other's listings are stored. Blocking orchestration: call from a worker thread.
 */
@ApplicationScoped
public class IngestionService {

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    private final RemotiveSource remotive;
    private final SerpApiSource serpapi;
    private final ListingStore store;
    private final JobCache cache;
    private final SearchQueryService queries;
    private final RunLock lock;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final int remotiveBudget;
    private final int serpapiBudget;
    private final int serpapiMaxPages;
    /** A user's run is a write for that user: none is recorded for a deleted account. */
    @jakarta.inject.Inject
    DeletedAccounts deletedAccounts;

    public IngestionService(RemotiveSource remotive, SerpApiSource serpapi, ListingStore store, JobCache cache,
            SearchQueryService queries, RunLock lock, Outbox outbox, ObjectMapper mapper,
            @ConfigProperty(name = "aspaire.jobs.remotive.budget", defaultValue = "20") int remotiveBudget,
            @ConfigProperty(name = "aspaire.jobs.serpapi.budget", defaultValue = "10") int serpapiBudget,
            @ConfigProperty(name = "aspaire.jobs.serpapi.max-pages", defaultValue = "2") int serpapiMaxPages) {
        this.remotive = remotive;
        this.serpapi = serpapi;
        this.store = store;
        this.cache = cache;
        this.queries = queries;
        this.lock = lock;
        this.outbox = outbox;
        this.mapper = mapper;
        this.remotiveBudget = remotiveBudget;
        this.serpapiBudget = serpapiBudget;
        this.serpapiMaxPages = serpapiMaxPages;
    }

    /** The daily run over the next slice of search queries: one user's, or everybody's ({@code null}). */
    public IngestionReport runDaily(UUID userIdOrNull) {
        try (RunLock.Held held = acquire()) {
            Map<SearchSpec, List<UUID>> slice = await(() -> Panache.withSession(
                    () -> queries.nextSlice(userIdOrNull, Math.max(remotiveBudget, serpapiBudget))));
            return execute(userIdOrNull, slice, true);
        }
    }

    /** Runs these searches now (no search_queries bookkeeping). */
    public IngestionReport ingest(List<SearchSpec> specs, boolean useCache) {
        try (RunLock.Held held = acquire()) {
            Map<SearchSpec, List<UUID>> slice = new LinkedHashMap<>();
            specs.forEach(s -> slice.put(s, List.of()));
            return execute(null, slice, useCache);
        }
    }

    private RunLock.Held acquire() {
        RunLock.Held held = lock.tryAcquire();
        if (held == null) {
            throw new ConflictException("an ingestion run is already in progress; try again when it has finished");
        }
        return held;
    }

    /** Counts of one source over a run. */
    private static final class Tally {
        final Source source;
        SourceStatus status = SourceStatus.OK;
        int fetched;
        int created;
        int updated;
        int calls;
        int searches;
        final List<String> errors = new ArrayList<>();

        Tally(Source source) {
            this.source = source;
        }

        SourceReport report() {
            String error = null;
            if (status == SourceStatus.DISABLED) {
                error = errors.isEmpty() ? null : errors.get(0);
            } else if (!errors.isEmpty()) {
                status = SourceStatus.FAILED;
                error = errors.size() + " of " + searches + " searches failed: " + String.join("; ", errors);
            }
            return new SourceReport(source.name(), status, fetched, created, updated, error);
        }
    }

    private IngestionReport execute(UUID userId, Map<SearchSpec, List<UUID>> slice, boolean useCache) {
        UUID runId = UUID.randomUUID();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IngestionRun run = new IngestionRun();
        run.id = runId;
        run.userId = userId;
        run.startedAt = startedAt;
        run.status = "RUNNING";
        await(() -> Panache.withTransaction(() -> (userId == null ? Uni.createFrom().voidItem()
                : deletedAccounts.requireActive(userId)).chain(() -> run.persist())));

        Tally rem = new Tally(Source.REMOTIVE);
        Tally serp = new Tally(Source.SERPAPI);
        if (!serpapi.enabled()) {
            serp.status = SourceStatus.DISABLED;
            serp.errors.add(serpapi.disabledReason());
        }
        Map<String, String> canonical = new HashMap<>();
        Map<String, List<String>> members = new HashMap<>();
        int ran = 0;
        int index = 0;
        for (Map.Entry<SearchSpec, List<UUID>> entry : slice.entrySet()) {
            SearchSpec spec = entry.getKey();
            int found = 0;
            boolean any = false;
            if (index < remotiveBudget) {
                any = true;
                found += runSource(rem, spec, useCache, canonical, members);
            }
            if (serp.status != SourceStatus.DISABLED && serp.calls < serpapiBudget) {
                any = true;
                found += runSource(serp, spec, useCache, canonical, members);
            }
            index++;
            if (!any) {
                break; // both budgets spent: the rest of the slice waits for the next run
            }
            ran++;
            int results = found;
            Instant at = Instant.now();
            // recorded per search, so a run interrupted halfway resumes with the searches it did not reach
            await(() -> Panache.withTransaction(() -> queries.recordRun(entry.getValue(), at, results)));
        }
        try {
            cache.storeFingerprints(canonical, members);
        } catch (RuntimeException e) {
            LOG.warnf("dedup metadata not written to job_cache: %s", e.getMessage());
        }
        Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IngestionReport report = new IngestionReport(runId.toString(), userId == null ? null : userId.toString(),
                startedAt.toString(), finishedAt.toString(), ran, List.of(rem.report(), serp.report()));
        String json;
        try {
            json = mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        await(() -> Panache.withTransaction(() -> IngestionRun.<IngestionRun>findById(runId).chain(r -> {
            if (r == null) {
                return Uni.createFrom().nullItem(); // erased meanwhile: its user's account was deleted
            }
            r.finishedAt = finishedAt;
            r.status = "COMPLETED";
            r.report = json;
            return outbox.publish(Topics.JOBS, "IngestionCompleted", runId.toString(), IngestionCompleted.of(report));
        })));
        LOG.infof("ingestion run %s: %d searches, %s", runId, ran, report.sources());
        return report;
    }

    /** One search on one source (all its pages); failures land in the tally, never escape. */
    private int runSource(Tally tally, SearchSpec spec, boolean useCache, Map<String, String> canonical,
            Map<String, List<String>> members) {
        tally.searches++;
        Instant now = Instant.now();
        try {
            List<FetchedPage> pages = new ArrayList<>();
            Optional<JobCache.Cached> cached = useCache ? cachedSafely(tally.source, spec, now) : Optional.empty();
            if (cached.isPresent()) {
                for (String raw : cached.get().pages()) {
                    pages.add(parse(tally.source, raw, cached.get().fetchedAt()));
                }
            } else {
                pages.addAll(fetch(tally, spec));
                try {
                    cache.storeResponses(tally.source, spec.key(), pages.stream().map(FetchedPage::raw).toList(), now);
                } catch (RuntimeException e) {
                    LOG.warnf("raw %s response not cached: %s", tally.source, e.getMessage());
                }
            }
            List<NormalizedJob> jobs = pages.stream().flatMap(p -> p.jobs().stream()).toList();
            tally.fetched += jobs.size();
            if (jobs.isEmpty()) {
                return 0;
            }
            UpsertResult r = await(() -> Panache.withTransaction(() -> store.upsert(jobs, now)));
            tally.created += r.created();
            tally.updated += r.updated();
            canonical.putAll(r.canonicalByFingerprint());
            for (NormalizedJob j : jobs) {
                members.computeIfAbsent(j.fingerprint(), k -> new ArrayList<>())
                        .add(j.source().name() + ":" + j.externalId());
            }
            return jobs.size();
        } catch (RuntimeException e) {
            String message = "'" + spec.query() + "': " + describe(e);
            LOG.warnf("%s search %s", tally.source, message);
            tally.errors.add(message);
            return 0;
        }
    }

    private Optional<JobCache.Cached> cachedSafely(Source source, SearchSpec spec, Instant now) {
        try {
            return cache.responses(source, spec.key(), now);
        } catch (RuntimeException e) {
            LOG.warnf("job_cache unavailable, fetching %s live: %s", source, e.getMessage());
            return Optional.empty();
        }
    }

    private List<FetchedPage> fetch(Tally tally, SearchSpec spec) {
        if (tally.source == Source.REMOTIVE) {
            tally.calls++;
            return List.of(remotive.search(spec.query()));
        }
        List<FetchedPage> pages = new ArrayList<>();
        String token = null;
        do {
            tally.calls++;
            FetchedPage page = serpapi.search(spec.queryWithRemote(), spec.location(), token);
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null && pages.size() < serpapiMaxPages && tally.calls < serpapiBudget);
        return pages;
    }

    private FetchedPage parse(Source source, String raw, Instant fetchedAt) {
        return source == Source.REMOTIVE ? remotive.parse(raw, fetchedAt) : serpapi.parse(raw, fetchedAt);
    }

    /** A one-line reason people can act on. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof WebApplicationException) && !(t instanceof TimeoutException)
                && !(t instanceof SourceException) && !(t instanceof CircuitBreakerOpenException)) {
            t = t.getCause();
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return "HTTP " + status + (status == 429 ? " (rate limited)" : status >= 500 ? " (server error)" : "");
        }
        if (t instanceof TimeoutException) {
            return "timed out";
        }
        if (t instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures; not called";
        }
        if (t instanceof SourceException) {
            return t.getMessage();
        }
        // anything else is a fault of ours: the log has it; reports and answers name no Java class
        LOG.warn("source call failed unexpectedly", e);
        return "unexpected error (see the job-service log)";
    }

    static <T> T await(Supplier<Uni<T>> work) {
        return Await.result(work);
    }
}
