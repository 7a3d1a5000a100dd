package io.aspaire.jobs.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.BoardSource;
import io.aspaire.jobs.client.JobSource;
import io.aspaire.jobs.client.ListingSource;
import io.aspaire.jobs.client.SourceException;
import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.IngestionRun;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.domain.UpsertResult;
import io.aspaire.jobs.domain.WatchedBoard;
import io.aspaire.jobs.messaging.out.IngestionCompleted;
import io.aspaire.jobs.messaging.out.IngestionSourceFinished;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.ConflictException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * An ingestion run: takes the run lock, picks the next slice of search queries (or the searches given), asks every
 * {@link JobSource} within its budget (cached responses first), then reads the company boards users watch, each board
 * once however many users watch it ({@link BoardSource}, cached like a search: a board is fetched at most once per
 * cache TTL, a day); normalizes and upserts what came back, records per-query and per-board results and progress, and
 * emits IngestionCompleted. Sources are independent, and so are boards: one failing (errors, timeouts, open circuit,
 * a board not found) is reported in its SourceReport while the others' listings are stored.
 *
 * <p>Non-blocking end to end: HTTP calls, MongoDB and PostgreSQL are reactive. {@link #start} returns as soon as the
 * run is recorded and lets it go on in the background on a Vert.x context of its own (its own Hibernate Reactive
 * sessions); {@link #runDaily} and {@link #ingest} complete when the run does.
 */
@ApplicationScoped
public class IngestionService {

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    private final JobSources sources;
    private final ListingStore store;
    private final JobCache cache;
    private final SearchQueryService queries;
    private final SearchResults results;
    private final WatchedBoards watched;
    private final RunLock lock;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final DeletedAccounts deletedAccounts;
    private final IngestionMetrics metrics;
    private final Vertx vertx;

    public IngestionService(JobSources sources, ListingStore store, JobCache cache, SearchQueryService queries,
            SearchResults results, WatchedBoards watched, RunLock lock, Outbox outbox, ObjectMapper mapper, DeletedAccounts deletedAccounts,
            IngestionMetrics metrics, Vertx vertx) {
        this.sources = sources;
        this.store = store;
        this.cache = cache;
        this.queries = queries;
        this.results = results;
        this.watched = watched;
        this.lock = lock;
        this.outbox = outbox;
        this.mapper = mapper;
        this.deletedAccounts = deletedAccounts;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    /**
     * Starts the daily run of one user's search queries (or everybody's: {@code null}) and returns it as soon as it is
     * recorded (RUNNING); the run goes on in the background. A run already in progress anywhere: ConflictException.
     */
    public Uni<IngestionRun> start(UUID userIdOrNull) {
        return acquire().chain(held -> record(userIdOrNull)
                .onFailure().call(held::release)
                .invoke(run -> onOwnContext(() -> execute(held, run, () -> slice(userIdOrNull), true)).subscribe()
                        .with(report -> LOG.debugf("ingestion run %s finished", report.runId()),
                                e -> LOG.warnf("ingestion run %s failed: %s", run.id, e.getMessage()))));
    }

    /**
     * The daily run over the next slice of search queries, completing with its report (the scheduler's). It runs on
     * a Vert.x context of its own, whatever context the caller has.
     */
    public Uni<IngestionReport> runDaily(UUID userIdOrNull) {
        return onOwnContext(() -> acquire().chain(held -> record(userIdOrNull).onFailure().call(held::release)
                .chain(run -> execute(held, run, () -> slice(userIdOrNull), true))));
    }

    /** Runs these searches now (no search_queries bookkeeping, no boards), completing with the report. */
    public Uni<IngestionReport> ingest(List<SearchSpec> specs, boolean useCache) {
        Map<SearchSpec, List<UUID>> slice = new LinkedHashMap<>();
        specs.forEach(s -> slice.put(s, List.of()));
        return onOwnContext(() -> acquire().chain(held -> record(null).onFailure().call(held::release)
                .chain(run -> execute(held, run, () -> Uni.createFrom().item(new Plan(slice, List.of())),
                        useCache))));
    }

    /** What a run does: searches (each with the queries it stands for), then boards (each once). */
    private record Plan(Map<SearchSpec, List<UUID>> searches, List<WatchedBoard> boards) {
    }

    /** A run by id, or null; in a session of its own (a GraphQL fetcher: SessionPerFetcher). */
    public Uni<IngestionRun> run(UUID runId) {
        return Panache.withSession(() -> IngestionRun.<IngestionRun>findById(runId));
    }

    private Uni<RunLock.Held> acquire() {
        return lock.tryAcquire().map(held -> {
            if (held == null) {
                throw new ConflictException("an ingestion run is already in progress; try again when it has finished");
            }
            return held;
        });
    }

    private Uni<Plan> slice(UUID userIdOrNull) {
        int budget = sources.all().stream().mapToInt(JobSource::budget).max().orElse(0);
        return Panache.withSession(() -> queries.nextSlice(userIdOrNull, budget)
                .chain(searches -> Multi.createFrom().iterable(sources.boards())
                        .filter(b -> b.disabledReason().isEmpty())
                        .onItem().transformToUniAndConcatenate(b -> watched.next(b.name(), userIdOrNull, b.budget()))
                        .collect().in(ArrayList<WatchedBoard>::new, List::addAll)
                        .map(boards -> new Plan(searches, boards))));
    }

    /** The run's row, RUNNING, with every source at zero (a deleted account gets none: 401). */
    private Uni<IngestionRun> record(UUID userId) {
        IngestionRun run = new IngestionRun();
        run.id = UUID.randomUUID();
        run.userId = userId;
        run.startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        run.status = IngestionRun.RUNNING;
        run.report = json(new Progress(run).report(null));
        return Panache.withTransaction(() -> (userId == null ? Uni.createFrom().voidItem()
                : deletedAccounts.requireActive(userId)).chain(() -> run.persist()).replaceWith(run));
    }

    /**
     * Subscribes to the work on a new duplicated Vert.x context flagged safe for Hibernate Reactive: the run gets
     * sessions of its own (the request's context, and its session, are not shared), and completes there.
     */
    private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        return OwnSessions.run(vertx, work);
    }

    /** Counts of one source over a run. */
    private static final class Tally {
        final ListingSource source;
        SourceStatus status = SourceStatus.OK;
        int fetched;
        int created;
        int updated;
        int deduplicated;
        int calls;
        int searches;
        /** Every search or board of the run that this source serves has been asked (IngestionSourceFinished sent). */
        boolean done;
        final List<String> errors = new ArrayList<>();

        Tally(ListingSource source) {
            this.source = source;
            source.disabledReason().ifPresent(reason -> {
                status = SourceStatus.DISABLED;
                errors.add(reason);
            });
        }

        boolean canCall() {
            return status != SourceStatus.DISABLED && calls < source.budget();
        }

        SourceReport report(boolean finished) {
            String error = null;
            SourceStatus shown = status;
            if (status == SourceStatus.DISABLED) {
                error = errors.isEmpty() ? null : errors.get(0);
            } else if (!errors.isEmpty()) {
                shown = SourceStatus.FAILED;
                error = errors.size() + " of " + searches + (source instanceof BoardSource ? " boards" : " searches")
                        + " failed: " + String.join("; ", errors);
            } else if (!finished && !done) {
                shown = SourceStatus.RUNNING;
            }
            return new SourceReport(source.name(), shown, fetched, created, updated, error);
        }
    }

    /** A run's state: one Tally per source, the dedup metadata gathered, the searches done. */
    private final class Progress {
        final IngestionRun run;
        final List<Tally> tallies = new ArrayList<>();
        final Map<String, String> canonical = new HashMap<>();
        final Map<String, List<String>> members = new HashMap<>();
        Executor onRunContext = Runnable::run;
        int ran;

        Progress(IngestionRun run) {
            this.run = run;
            sources.listingSources().forEach(s -> tallies.add(new Tally(s)));
        }

        IngestionReport report(Instant finishedAt) {
            return new IngestionReport(run.id.toString(), run.userId == null ? null : run.userId.toString(),
                    run.startedAt.toString(), finishedAt == null ? null : finishedAt.toString(), ran,
                    tallies.stream().map(t -> t.report(finishedAt != null)).toList());
        }
    }

    private Uni<IngestionReport> execute(RunLock.Held held, IngestionRun run,
            Supplier<Uni<Plan>> slice, boolean useCache) {
        Progress progress = new Progress(run);
        return Uni.createFrom().deferred(() -> {
            // a source may complete on a thread of its own (an HTTP client's): every step continues on the run's
            // Vert.x context, where its Hibernate Reactive sessions live
            Context context = Vertx.currentContext();
            progress.onRunContext = task -> context.runOnContext(ignored -> task.run());
            return slice.get();
        })
                .chain(plan -> Multi.createFrom().iterable(plan.searches().entrySet())
                        // sequential: a budget spent stops the rest, and the first source to see a job stays first
                        .onItem().transformToUniAndConcatenate(entry -> search(progress, entry.getKey(),
                                entry.getValue(), useCache))
                        .collect().asList()
                        .chain(() -> finished(progress, false))
                        .chain(() -> Multi.createFrom().iterable(plan.boards())
                                .onItem().transformToUniAndConcatenate(board -> board(progress, board, useCache))
                                .collect().asList())
                        .chain(() -> finished(progress, true)))
                .chain(() -> cache.storeFingerprints(progress.canonical, progress.members)
                        .onFailure().invoke(e -> LOG.warnf("dedup metadata not written to job_cache: %s",
                                e.getMessage()))
                        .onFailure().recoverWithNull())
                .emitOn(progress.onRunContext)
                .chain(() -> complete(progress))
                .call(report -> store.refreshStatisticsAfter(progress.tallies.stream().mapToInt(t -> t.created).sum())
                        .onFailure().invoke(e -> LOG.warnf("job_listings statistics not refreshed (autovacuum will): %s",
                                e.getMessage()))
                        .onFailure().recoverWithNull())
                .invoke(report -> {
                    metrics.runFinished("completed");
                    LOG.infof("ingestion run %s: %d searches, %s", run.id, progress.ran, report.sources());
                })
                .onFailure().call(e -> {
                    metrics.runFinished("failed");
                    LOG.errorf(e, "ingestion run %s failed", run.id);
                    return fail(run.id, e).onFailure().recoverWithNull();
                })
                .eventually(held::release);
    }

    /** One search on every source with budget left; records it on its queries with the run's progress. */
    private Uni<Void> search(Progress progress, SearchSpec spec, List<UUID> queryIds, boolean useCache) {
        List<Tally> asked = progress.tallies.stream().filter(t -> t.source instanceof JobSource && t.canCall())
                .toList();
        if (asked.isEmpty()) {
            return Uni.createFrom().voidItem(); // every budget spent: the rest of the slice waits for the next run
        }
        int[] found = {0};
        Set<String> jobIds = new LinkedHashSet<>();
        return Multi.createFrom().iterable(asked)
                .onItem().transformToUniAndConcatenate(tally -> runSource(progress, tally, spec, jobIds, useCache)
                        .invoke(n -> found[0] += n))
                .collect().last()
                .chain(() -> {
                    progress.ran++;
                    Instant at = Instant.now();
                    String snapshot = json(progress.report(null));
                    // recorded per search, so a run interrupted halfway resumes with the searches it did not reach
                    return Panache.withTransaction(() -> queries.recordRun(queryIds, at, found[0])
                            .chain(() -> IngestionRun.update("report = ?1 where id = ?2", snapshot,
                                    progress.run.id))
                            .chain(() -> results.record(progress.run.id, queryIds, jobIds, at)));
                })
                .replaceWithVoid();
    }

    /** One search on one source (all its pages); failures land in the tally, never escape. */
    private Uni<Integer> runSource(Progress progress, Tally tally, SearchSpec spec, Set<String> jobIds,
            boolean useCache) {
        Instant now = Instant.now();
        return collect(progress, tally, "'" + spec.query() + "'", spec.key(), null, jobIds, useCache, now,
                () -> fetch(progress, tally, spec, now));
    }

    /**
     * One watched board, once for all its watchers: fetched (or read from the cache, so at most once a day), stored,
     * and its rotation recorded. A board failing (not found, down) is reported and the next board goes on.
     */
    private Uni<Void> board(Progress progress, WatchedBoard board, boolean useCache) {
        Tally tally = progress.tallies.stream().filter(t -> t.source.name().equals(board.ats())).findFirst()
                .orElseThrow();
        BoardSource source = (BoardSource) tally.source;
        Instant now = Instant.now();
        return collect(progress, tally, "'" + board.board() + "'", board.cacheKey(), board.companyOrBoard(), null,
                useCache, now, () -> {
                    tally.calls++;
                    return source.board(board.board()).emitOn(progress.onRunContext).map(raw -> {
                        Pages pages = new Pages();
                        pages.add(raw, Normalizer.page(source, raw, now, board.companyOrBoard()));
                        return pages;
                    });
                })
                .chain(() -> {
                    String snapshot = json(progress.report(null));
                    return Panache.withTransaction(() -> watched.recordRun(board, now)
                            .chain(() -> IngestionRun.update("report = ?1 where id = ?2", snapshot, progress.run.id)));
                })
                .replaceWithVoid();
    }

    /**
     * What one source has for one search or board ({@code label} in errors, {@code cacheKey} in job_cache): the
     * cached pages within the TTL, else {@code live} (then cached), normalized and upserted. Failures land in the
     * tally, never escape. {@code company}: for listings that name none (a company's own board), else null.
     * {@code jobIds}, when not null, receives the canonical job id of every listing stored.
     */
    private Uni<Integer> collect(Progress progress, Tally tally, String label, String cacheKey, String company,
            Set<String> jobIds, boolean useCache, Instant now, Supplier<Uni<Pages>> live) {
        tally.searches++;
        String source = tally.source.name();
        Uni<Optional<JobCache.Cached>> cached = useCache
                ? cache.responses(source, cacheKey, now).onFailure().recoverWithItem(e -> {
                    LOG.warnf("job_cache unavailable, fetching %s live: %s", source, e.getMessage());
                    return Optional.empty();
                })
                : Uni.createFrom().item(Optional.empty());
        // MongoDB answers on its driver's threads: back to the run's context before the next database step
        return cached.emitOn(progress.onRunContext)
                .chain(hit -> hit.isPresent() ? Uni.createFrom().item(fromCache(tally.source, hit.get(), company))
                        : Uni.createFrom().<Pages>deferred(() -> live.get()).call(pages -> cache.storeResponses(source, cacheKey,
                                pages.raw, now).onFailure().invoke(e -> LOG.warnf("raw %s response not cached: %s",
                                        source, e.getMessage())).onFailure().recoverWithNull()))
                .emitOn(progress.onRunContext)
                .chain(pages -> {
                    List<NormalizedJob> jobs = pages.jobs;
                    tally.fetched += jobs.size();
                    metrics.fetched(source, jobs.size());
                    if (jobs.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return store.store(jobs, now).map(stored -> {
                        // the listings of partitions that did not commit are neither counted nor stored: the next
                        // run (or a retry) stores them, and announces each of them once
                        List<NormalizedJob> kept = stored.failure() == null ? jobs : storedOnes(jobs, stored);
                        UpsertResult r = stored.result();
                        count(progress, tally, kept, r);
                        if (jobIds != null) {
                            for (NormalizedJob j : kept) {
                                String canonical = r.canonicalByFingerprint().get(j.fingerprint());
                                if (canonical != null) {
                                    jobIds.add(canonical);
                                }
                            }
                        }
                        if (stored.failure() != null) {
                            failed(tally, kept.isEmpty() ? label : label + ": " + (jobs.size() - kept.size()) + " of "
                                    + jobs.size() + " listings not stored", stored.failure());
                        }
                        return kept.size();
                    });
                })
                .onFailure().recoverWithItem(e -> {
                    failed(tally, label, e);
                    return 0;
                });
    }

    private static void failed(Tally tally, String label, Throwable e) {
        String message = label + ": " + describe(e);
        LOG.warnf("%s search %s", tally.source.name(), message);
        tally.errors.add(message);
    }

    /** The listings of {@code jobs} whose (source, external id) {@code stored} holds. */
    private static List<NormalizedJob> storedOnes(List<NormalizedJob> jobs, ListingStore.Stored stored) {
        Set<String> keys = new HashSet<>();
        stored.jobs().forEach(j -> keys.add(j.source() + "\u0000" + j.externalId()));
        return jobs.stream().filter(j -> keys.contains(j.source() + "\u0000" + j.externalId())).toList();
    }

    private void count(Progress progress, Tally tally, List<NormalizedJob> jobs, UpsertResult r) {
        tally.created += r.created();
        tally.updated += r.updated();
        int duplicates = r.created() - r.canonicalCreated();
        tally.deduplicated += duplicates;
        metrics.stored(tally.source.name(), r.created(), duplicates);
        progress.canonical.putAll(r.canonicalByFingerprint());
        for (NormalizedJob j : jobs) {
            progress.members.computeIfAbsent(j.fingerprint(), k -> new ArrayList<>())
                    .add(j.source() + ":" + j.externalId());
        }
    }

    /** The raw bodies of one search and what they hold. */
    private static final class Pages {
        final List<String> raw = new ArrayList<>();
        final List<NormalizedJob> jobs = new ArrayList<>();

        void add(String body, Normalizer.Normalized page) {
            raw.add(body);
            jobs.addAll(page.jobs());
        }
    }

    private static Pages fromCache(ListingSource source, JobCache.Cached cached, String company) {
        Pages pages = new Pages();
        for (String raw : cached.pages()) {
            pages.add(raw, Normalizer.page(source, raw, cached.fetchedAt(), company));
        }
        return pages;
    }

    /** Page after page while the source gives a next page, within its pages per search and its budget. */
    private Uni<Pages> fetch(Progress progress, Tally tally, SearchSpec spec, Instant now) {
        return fetchPage(progress, tally, spec, null, new Pages(), now);
    }

    private Uni<Pages> fetchPage(Progress progress, Tally tally, SearchSpec spec, String token, Pages pages,
            Instant now) {
        tally.calls++;
        JobSource source = (JobSource) tally.source;
        return source.search(spec, token).emitOn(progress.onRunContext).chain(raw -> {
            Normalizer.Normalized page = Normalizer.page(tally.source, raw, now);
            pages.add(raw, page);
            String next = page.nextPageToken();
            if (next != null && pages.raw.size() < source.maxPages() && tally.canCall()) {
                return fetchPage(progress, tally, spec, next, pages, now);
            }
            return Uni.createFrom().item(pages);
        });
    }

    /**
     * The search sources ({@code boards} false) or the board sources (true) are done: each gets its final counts in
     * the run's report and an IngestionSourceFinished, in one transaction.
     */
    private Uni<Void> finished(Progress progress, boolean boards) {
        List<Tally> done = progress.tallies.stream()
                .filter(t -> (t.source instanceof BoardSource) == boards).toList();
        if (done.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        done.forEach(t -> t.done = true);
        String at = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        IngestionRun run = progress.run;
        String runId = run.id.toString();
        String userId = run.userId == null ? null : run.userId.toString();
        String snapshot = json(progress.report(null));
        return Uni.createFrom().voidItem().emitOn(progress.onRunContext)
                .chain(() -> Panache.withTransaction(() -> IngestionRun.update("report = ?1 where id = ?2", snapshot,
                        run.id).chain(updated -> updated == 0 ? Uni.createFrom().voidItem() // erased meanwhile
                                : Multi.createFrom().iterable(done)
                                        .onItem().transformToUniAndConcatenate(t -> outbox.publish(Topics.JOBS,
                                                IngestionSourceFinished.TYPE, runId,
                                                IngestionSourceFinished.of(runId, userId, t.report(true), at)))
                                        .collect().last().replaceWithVoid())));
    }

    private Uni<IngestionReport> complete(Progress progress) {
        UUID runId = progress.run.id;
        Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IngestionReport report = progress.report(finishedAt);
        String json = json(report);
        return Panache.withTransaction(() -> IngestionRun.<IngestionRun>findById(runId).chain(r -> {
            if (r == null) {
                return Uni.createFrom().nullItem(); // erased meanwhile: its user's account was deleted
            }
            r.finishedAt = finishedAt;
            r.status = IngestionRun.COMPLETED;
            r.report = json;
            return outbox.publish(Topics.JOBS, "IngestionCompleted", runId.toString(), IngestionCompleted.of(report));
        })).replaceWith(report);
    }

    private Uni<Void> fail(UUID runId, Throwable e) {
        Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> IngestionRun.update(
                "status = ?1, finishedAt = ?2 where id = ?3", IngestionRun.FAILED, finishedAt, runId)).replaceWithVoid();
    }

    private String json(IngestionReport report) {
        try {
            return mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
}
