package io.aspaire.jobs.service;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import io.aspaire.jobs.config.IngestionConfig;
import io.aspaire.jobs.messaging.out.JobEvent;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.UpsertResult;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.inbox.TransientFailures;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.work.BoundedWorkerPool;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one write path of job_listings. A batch is upserted on {@code UNIQUE(source, external_id)} (re-ingesting the
 * same payload changes no row count), then every listing of the batch's fingerprints is linked to its canonical
 * listing (the first seen), and JobIngested / JobUpdated go to the outbox in the same transaction.
 *
 * <p>{@link #upsert} must run inside a Hibernate Reactive transaction ({@code Panache.withTransaction}); {@link #store}
 * opens its own, several at once. Ingestion runs are serialized by an advisory lock, so the "read existing, then
 * upsert" pair is not raced by another writer; within a run, {@link #store}'s transactions hold disjoint keys and
 * disjoint fingerprints.
 */
@ApplicationScoped
public class ListingStore {

    /** Rows per statement (one JSON parameter holds them all). */
    public static final int BATCH = 500;

    /**
     * Fewest listings a partition of {@link #store} gets: a smaller batch is one transaction. Below a few hundred rows a
     * transaction's fixed cost (a connection, a commit, each statement's planning) is a good part of its work, and the
     * search of one query (tens of listings) gains nothing from a second connection.
     */
    static final int MIN_PARTITION = 100;

    private static final Logger LOG = Logger.getLogger(ListingStore.class);

    /** The inserted columns as name:type, in the order of the values in each row's JSON array ({@link #rowsJson}). */
    private static final String[] COLUMNS = {"id:uuid", "source:text", "external_id:text", "canonical_id:uuid",
            "fingerprint:text",
            "title:text", "company:text", "location:text", "remote:boolean", "job_type:text", "salary_min:numeric",
            "salary_max:numeric", "salary_currency:text", "salary_period:text", "salary_text:text", "description:text",
            "description_html:text", "tags:jsonb", "highlights:jsonb", "apply_links:jsonb", "apply_url:text",
            "posted_at:timestamptz", "sort_at:timestamptz", "first_seen:timestamptz", "last_seen:timestamptz",
            "content_hash:text", "raw:jsonb"};

    private final Outbox outbox;
    private final ObjectMapper mapper;
    /** Sources with relative posting dates: a later fetch must not move the date first seen (SQL literals). */
    private final Set<String> relativeDateSources;
    private final String relativeDateCondition;
    /** {@link #UPSERT_TEMPLATE} with this deployment's relative-date sources. */
    private final String upsertSql;
    /**
     * A thread per partition: ingestion runs are serialized, and the chunks of one partition are prepared one after
     * the other.
     */
    private final BoundedWorkerPool preparation;
    private static final Duration PREPARATION_LIMIT = Duration.ofMinutes(1);
    private final int partitions;
    private final Vertx vertx;

    public ListingStore(Outbox outbox, ObjectMapper mapper, JobSources sources, IngestionConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.vertx = vertx;
        if (config.partitions() < 1) {
            throw new IllegalArgumentException("aspaire.jobs.ingestion.partitions must be 1 or more, was "
                    + config.partitions());
        }
        this.partitions = config.partitions();
        this.preparation = new BoundedWorkerPool("listing-preparation", partitions, 2 * partitions);
        this.relativeDateSources = sources.relativeDateSources();
        // names are [A-Z][A-Z0-9_]* (JobSources checks): safe as literals
        this.relativeDateCondition = relativeDateSources.isEmpty() ? "false"
                : "job_listings.source in (" + String.join(",", relativeDateSources.stream().sorted()
                        .map(n -> "'" + n + "'").toList()) + ")";
        this.upsertSql = UPSERT_TEMPLATE.replace("RELATIVE", relativeDateCondition);
    }

    @PreDestroy
    void stop() {
        preparation.close();
    }

    /**
     * Refreshes job_listings' planner statistics when {@code created} new rows are a tenth or more of the table as the
     * statistics last saw it (or the table was never analyzed). Every listing query's plan rests on them (the
     * {@code canonical} flag, search_vector's lexemes, V4): without them, after a first bulk load PostgreSQL scans the
     * whole table until autovacuum's next analyze, a minute or more later (JobsBench: filtered jobs p50 1.1 -> 35 ms).
     * Answers whether it analyzed. Outside any transaction of the caller; a failure only leaves autovacuum to do it.
     */
    public Uni<Boolean> refreshStatisticsAfter(int created) {
        if (created <= 0) {
            return Uni.createFrom().item(false);
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "select cast(reltuples as bigint) from pg_class where oid = 'job_listings'::regclass", Long.class)
                .getSingleResult()
                .chain(known -> known >= 0 && created * 10L < known ? Uni.createFrom().item(false)
                        : session.createNativeQuery("analyze job_listings").executeUpdate().replaceWith(true))));
    }

    /**
     * What {@link #store} stored: the listings of the partitions that committed and what their upserts did, and the
     * failure of the partitions that did not (null when every one committed). The listings of a failed partition
     * are not stored at all, nor announced: their transaction rolled back; the same listings stored again store them
     * (the upsert of the others then changes nothing and announces nothing).
     */
    public record Stored(List<NormalizedJob> jobs, UpsertResult result, Throwable failure) {
    }

    /** The number of transactions {@link #store} splits a large batch into. */
    public int partitions() {
        return partitions;
    }

    /**
     * Upserts listings seen at {@code seenAt} in up to {@link #partitions()} transactions at once, each in a session
     * (and on a connection) of its own, and answers on the caller's Vert.x context. One transaction is one PostgreSQL
     * backend doing all the work on one core: JobsBench found that backend on CPU ~92 % of the time and the second
     * core mostly idle (bench/results/findings.md, "Ingestion (session 7)" and "(session 8)").
     *
     * <p>The listings are split by fingerprint, so every listing of a fingerprint is written and linked to its
     * canonical listing by one transaction: no two transactions link the same job, and their rows, unique keys and
     * outbox rows are disjoint. Each listing's events go to the outbox in its partition's transaction, as with
     * {@link #upsert}. A partition fails alone: the others stay committed, which {@link Stored} reports; a transaction
     * that failed for a reason that passes (a deadlock, a dropped connection) is run once more, which is safe because
     * the upsert is idempotent (a listing stored unchanged announces nothing).
     */
    public Uni<Stored> store(List<NormalizedJob> jobs, Instant seenAt) {
        List<NormalizedJob> all = lastOfEachKey(jobs);
        int n = Math.max(1, Math.min(partitions, all.size() / MIN_PARTITION));
        List<List<NormalizedJob>> parts = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            parts.add(new ArrayList<>());
        }
        for (NormalizedJob j : all) {
            parts.get(partitionOf(j.fingerprint(), n)).add(j);
        }
        List<Uni<Stored>> running = new ArrayList<>(n);
        for (List<NormalizedJob> part : parts) {
            if (!part.isEmpty()) {
                running.add(storeInOwnTransaction(part, seenAt));
            }
        }
        if (running.isEmpty()) {
            return Uni.createFrom().item(new Stored(List.of(), EMPTY, null));
        }
        Uni<Stored> together = Uni.join().all(running).andFailFast().map(ListingStore::combine);
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            // each partition completes on its own context: the caller's next steps (and their session) belong on its
            // own
            return caller == null ? together : together.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** The partition of a fingerprint among {@code n}: every listing of a job in the same one. */
    static int partitionOf(String fingerprint, int n) {
        return Math.floorMod(fingerprint.hashCode(), n);
    }

    private Uni<Stored> storeInOwnTransaction(List<NormalizedJob> part, Instant seenAt) {
        return OwnSessions.run(vertx, () -> Panache.withTransaction(() -> upsert(part, seenAt)))
                .onFailure(e -> {
                    boolean again = TransientFailures.isTransient(e);
                    if (again) {
                        LOG.infof("%d listings not stored (%s), storing them once more", part.size(), e.getMessage());
                    }
                    return again;
                }).retry().atMost(1)
                .map(r -> new Stored(part, r, null))
                .onFailure().recoverWithItem(e -> new Stored(List.of(), EMPTY, e));
    }

    private static Stored combine(List<Stored> parts) {
        List<NormalizedJob> jobs = new ArrayList<>();
        UpsertResult result = EMPTY;
        Throwable failure = null;
        for (Stored s : parts) {
            jobs.addAll(s.jobs());
            result = merge(result, s.result());
            if (failure == null) {
                failure = s.failure();
            } else if (s.failure() != null) {
                failure.addSuppressed(s.failure());
            }
        }
        return new Stored(jobs, result, failure);
    }

    private static final UpsertResult EMPTY = new UpsertResult(0, 0, 0, 0, Map.of());

    /** The same (source, external id) twice in one statement would make ON CONFLICT fail: the last one wins. */
    private static List<NormalizedJob> lastOfEachKey(List<NormalizedJob> jobs) {
        Map<String, NormalizedJob> unique = new LinkedHashMap<>();
        for (NormalizedJob j : jobs) {
            unique.put(j.source() + "\u0000" + j.externalId(), j);
        }
        return new ArrayList<>(unique.values());
    }

    /**
     * Upserts any number of listings seen at {@code seenAt}, in statements of {@link #BATCH} rows, in the caller's
     * transaction.
     */
    public Uni<UpsertResult> upsert(List<NormalizedJob> jobs, Instant seenAt) {
        List<NormalizedJob> all = lastOfEachKey(jobs);
        List<List<NormalizedJob>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            chunks.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        if (chunks.isEmpty()) {
            return Uni.createFrom().item(EMPTY);
        }
        // chunk k + 1's Java side is prepared on the preparation thread while chunk k's statements run: PostgreSQL and
        // the JVM work at the same time instead of each waiting for the other
        List<Uni<PreparedChunk>> prepared = new ArrayList<>(chunks.size());
        prepared.add(Uni.createFrom().item(() -> prepare(chunks.get(0), seenAt)));
        return Multi.createFrom().range(0, chunks.size())
                .onItem().transformToUniAndConcatenate(k -> prepared.get(k).chain(chunk -> {
                    if (k + 1 < chunks.size()) {
                        prepared.add(prepareAhead(chunks.get(k + 1), seenAt));
                    }
                    return upsertChunk(chunk);
                }))
                .collect().in(() -> new UpsertResult[] {EMPTY}, (acc, r) -> acc[0] = merge(acc[0], r))
                .map(acc -> acc[0]);
    }

    private static UpsertResult merge(UpsertResult a, UpsertResult b) {
        Map<String, String> canon = new HashMap<>(a.canonicalByFingerprint());
        canon.putAll(b.canonicalByFingerprint());
        return new UpsertResult(a.created() + b.created(), a.updated() + b.updated(), a.unchanged() + b.unchanged(),
                a.canonicalCreated() + b.canonicalCreated(), canon);
    }

    /**
     * A new row's canonical listing as linkCanonical will find it, so that it rarely has to rewrite the row: the first
     * seen listing of its fingerprint already stored, else the row the chunk predicts (the smallest id among the chunk's
     * rows of that fingerprint: they are first seen now). Inserting with canonical_id null and linking
     * afterwards updated every new row once more, a second version of each row with all its index entries (the GIN
     * entries of its tsvector too): half of the write path's work (bench/results/findings.md, "Ingestion (session 5)").
     * Only a prediction: linkCanonical still corrects every listing of the chunk's fingerprints.
     */
    private static final String PREDICTED_CANONICAL = "coalesce((select c.id from job_listings c"
            + " where c.fingerprint = r.fingerprint order by c.first_seen, c.id limit 1), r.canonical_id)";

    /**
     * The insert's column list, and the typed fields read from each row's JSON array by position (jsonb columns travel
     * as text).
     */
    private static final String INSERT_COLUMNS;
    private static final String SELECT_COLUMNS;
    private static final String ROW_FIELDS;

    static {
        StringBuilder insert = new StringBuilder();
        StringBuilder select = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < COLUMNS.length; i++) {
            String c = COLUMNS[i];
            String name = c.substring(0, c.indexOf(':'));
            String type = c.substring(c.indexOf(':') + 1);
            boolean json = type.equals("jsonb");
            insert.append(insert.length() == 0 ? "" : ", ").append(name);
            select.append(select.length() == 0 ? "" : ", ").append(json ? "cast(r." + name + " as jsonb)"
                    : name.equals("canonical_id") ? PREDICTED_CANONICAL : "r." + name);
            String field = "e->>" + i;
            fields.append(fields.length() == 0 ? "" : ", ")
                    .append(json || type.equals("text") ? field : "cast(" + field + " as " + type + ")")
                    .append(" as ").append(name);
        }
        INSERT_COLUMNS = insert.toString();
        SELECT_COLUMNS = select.toString();
        ROW_FIELDS = fields.toString();
    }

    /**
     * The chunk's upsert and what the events need of the rows stored before it, in one statement (one round trip, the
     * rows' JSON parsed once): r, the rows; previous, the stored rows of the chunk's keys as the statement found them
     * (every part of a statement sees the same snapshot, taken before the insert), one probe of the unique index per
     * key whatever the statistics say (STATISTICS_PROOF, linkCanonical); written, the upsert. The answer: a row per
     * previous listing (null, source, external_id, content_hash) and per written one (id, source, external_id, null).
     * A separate select of the stored rows before the upsert cost a statement and a round trip per chunk, and the rows'
     * JSON could not be built before its answer (bench/results/findings.md, "Ingestion (session 7)").
     */
    private static final String UPSERT_TEMPLATE = "with r as materialized (select " + ROW_FIELDS
            + " from jsonb_array_elements(cast(cast(:rows as text) as jsonb)) as e),"
            + " previous as materialized (select r.source, r.external_id, p.content_hash from r cross join lateral"
            + " (select l.content_hash from job_listings l where l.source = r.source and l.external_id = r.external_id"
            + " limit 1) p),"
            + " written as (insert into job_listings (" + INSERT_COLUMNS + ") select " + SELECT_COLUMNS + " from r"
            + """
             on conflict (source, external_id) do update set
              fingerprint = excluded.fingerprint, title = excluded.title, company = excluded.company,
              location = excluded.location, remote = excluded.remote, job_type = excluded.job_type,
              salary_min = excluded.salary_min, salary_max = excluded.salary_max,
              salary_currency = excluded.salary_currency, salary_period = excluded.salary_period,
              salary_text = excluded.salary_text, description = excluded.description,
              description_html = excluded.description_html, tags = excluded.tags,
              highlights = excluded.highlights, apply_links = excluded.apply_links,
              apply_url = excluded.apply_url,
              posted_at = case when RELATIVE
                  then coalesce(job_listings.posted_at, excluded.posted_at) else excluded.posted_at end,
              sort_at = case when RELATIVE
                  then coalesce(job_listings.posted_at, excluded.posted_at, job_listings.first_seen)
                  else coalesce(excluded.posted_at, job_listings.first_seen) end,
              last_seen = excluded.last_seen, content_hash = excluded.content_hash, raw = excluded.raw
             returning id, source, external_id)
            select null, source, external_id, content_hash from previous
            union all select cast(id as text), source, external_id, null from written""";

    /**
     * A chunk's Java side, which depends on nothing PostgreSQL answers: the ids a new row would get, the content
     * hashes and the rows' JSON parameter.
     */
    private record PreparedChunk(List<NormalizedJob> jobs, List<String> newIds, List<String> hashes, String rowsJson) {
    }

    private PreparedChunk prepare(List<NormalizedJob> chunk, Instant seenAt) {
        List<String> newIds = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            newIds.add(UUID.randomUUID().toString());
        }
        // the predicted canonical listing of a fingerprint no stored listing has: the chunk's first row of it by
        // (first_seen, id); its rows are first seen now (but for a stored listing edited into that fingerprint, which
        // linkCanonical corrects), and the lower-case text of UUIDs orders as PostgreSQL orders uuid (byte by byte)
        Map<String, String> firstOfChunk = new HashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            firstOfChunk.merge(chunk.get(i).fingerprint(), newIds.get(i), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        List<String> hashes = new ArrayList<>(chunk.size());
        List<Object[]> records = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            NormalizedJob j = chunk.get(i);
            String hash = contentHash(j);
            hashes.add(hash);
            // (a stored row keeps its id and canonical_id: the upsert sets neither)
            records.add(row(newIds.get(i), firstOfChunk.get(j.fingerprint()), j, hash, seenAt));
        }
        return new PreparedChunk(chunk, newIds, hashes, rowsJson(records));
    }

    /**
     * Starts preparing {@code chunk} on the preparation thread now; the answer arrives on the caller's Vert.x context
     * (the session's). Should the thread be taken (it is one: ingestion runs are serialized), the caller prepares it.
     */
    private Uni<PreparedChunk> prepareAhead(List<NormalizedJob> chunk, Instant seenAt) {
        Uni<PreparedChunk> ahead = preparation.submit(() -> prepare(chunk, seenAt), PREPARATION_LIMIT,
                PreparationBusy::new, () -> new IllegalStateException("listings not prepared within "
                        + PREPARATION_LIMIT))
                .onFailure(PreparationBusy.class).recoverWithItem(() -> prepare(chunk, seenAt))
                .memoize().indefinitely();
        ahead.subscribe().with(ignored -> {
        }, ignored -> {
        }); // started here; its subscriber gets the same outcome
        return ahead;
    }

    private static final class PreparationBusy extends RuntimeException {
        PreparationBusy() {
            super(null, null, false, false);
        }
    }

    private Uni<UpsertResult> upsertChunk(PreparedChunk prepared) {
        List<NormalizedJob> chunk = prepared.jobs();
        return Panache.getSession().chain(session -> session.createNativeQuery(upsertSql, Object[].class)
                .setParameter("rows", prepared.rowsJson()).getResultList()
                .chain(answer -> {
                    // the rows' ids as written (a stored row keeps its own) and the content hashes stored before
                    Map<String, String> written = new HashMap<>();
                    Map<String, String> previousHash = new HashMap<>();
                    for (Object[] r : answer) {
                        String key = r[1] + "\u0000" + r[2];
                        if (r[0] != null) {
                            written.put(key, (String) r[0]);
                        } else {
                            previousHash.put(key, (String) r[3]);
                        }
                    }
                    List<String> ids = new ArrayList<>(chunk.size());
                    List<String> previous = new ArrayList<>(chunk.size());
                    for (int i = 0; i < chunk.size(); i++) {
                        NormalizedJob j = chunk.get(i);
                        String key = j.source() + "\u0000" + j.externalId();
                        ids.add(written.getOrDefault(key, prepared.newIds().get(i)));
                        previous.add(previousHash.get(key));
                    }
                    return linkCanonical(session, chunk)
                            .chain(canonical -> events(chunk, ids, prepared.hashes(), previous, canonical));
                }));
    }

    /**
     * Links every listing of these fingerprints to the first seen one; returns fingerprint -> canonical id. One
     * statement, one round trip: the update (a data-modifying CTE always runs) and the answer read the same c.
     *
     * <p>STATISTICS_PROOF: every step is an index probe per fingerprint (a correlated subquery, {@code id = any(..)})
     * rather than a join, because the plan does not follow the table's growth: the statement is prepared once per
     * connection and PostgreSQL keeps its generic plan, made when the table was small, and a first bulk load has no
     * statistics at all (autovacuum analyzes a minute later at best). The joins were planned as a hash join over a
     * sequential scan of job_listings, so every chunk read the whole table and a 100,000-listing load was quadratic
     * (JobsBench: 5.6 s of 26 s in this statement, 2.5 s in the existing-rows select; bench/results/findings.md,
     * "Ingestion (session 6)").
     *
     * <p>The coalesce: a listing that another transaction of {@link #store} edits into a fingerprint of its own
     * partition while this statement runs (c read it before that commit) is updated here on the row as committed
     * (READ COMMITTED re-reads a row it waited for), whose fingerprint c may not have: it keeps the link the other
     * transaction gave it rather than losing it to null.
     */
    private Uni<Map<String, String>> linkCanonical(org.hibernate.reactive.mutiny.Mutiny.Session session,
            List<NormalizedJob> chunk) {
        String fingerprints = json(chunk.stream().map(NormalizedJob::fingerprint).distinct().toList());
        // c: each fingerprint's listings as [id, canonical_id] pairs in first-seen order (one index probe per
        // fingerprint): the first one is the canonical listing; the update rewrites only the pairs that point elsewhere
        // (none in the common case: the insert wrote the predicted canonical listing)
        return session.createNativeQuery("""
                with c as materialized (
                  select f.fingerprint, array(select array[l.id, l.canonical_id] from job_listings l
                                              where l.fingerprint = f.fingerprint
                                              order by l.first_seen, l.id) as listings
                  from jsonb_array_elements_text(cast(cast(:fps as text) as jsonb)) as f(fingerprint)),
                linked as (
                  update job_listings j
                  set canonical_id = coalesce((select c.listings[1][1] from c where c.fingerprint = j.fingerprint),
                                              j.canonical_id)
                  where j.id = any(array(select c.listings[i][1] from c, generate_subscripts(c.listings, 1) as i
                                         where c.listings[i][2] is distinct from c.listings[1][1])))
                select fingerprint, cast(listings[1][1] as text) from c where cardinality(listings) > 0""",
                Object[].class).setParameter("fps", fingerprints).getResultList()
                .map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    for (Object[] r : rows) {
                        out.put((String) r[0], (String) r[1]);
                    }
                    return out;
                });
    }

    /** previousHashes: each row's content hash as stored before the chunk, null for a new row. */
    private Uni<UpsertResult> events(List<NormalizedJob> chunk, List<String> ids, List<String> hashes,
            List<String> previousHashes, Map<String, String> canonical) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int canonicalCreated = 0;
        List<Outbox.Message> events = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            NormalizedJob j = chunk.get(i);
            String id = ids.get(i);
            String previousHash = previousHashes.get(i);
            boolean isCanonical = id.equals(canonical.get(j.fingerprint()));
            if (previousHash == null) {
                created++;
                if (isCanonical) {
                    canonicalCreated++;
                    events.add(new Outbox.Message("JobIngested", id, JobEvent.of(id, j)));
                }
            } else if (!previousHash.equals(hashes.get(i))) {
                updated++;
                if (isCanonical) {
                    events.add(new Outbox.Message("JobUpdated", id, JobEvent.of(id, j)));
                }
            } else {
                unchanged++;
            }
        }
        UpsertResult result = new UpsertResult(created, updated, unchanged, canonicalCreated, canonical);
        // the chunk's events in few multi-row statements, in the transaction of the upsert
        return outbox.publishAll(Topics.JOBS, events).replaceWith(result);
    }

    private Object[] row(String id, String canonicalId, NormalizedJob j, String hash, Instant seenAt) {
        Instant sortAt = j.postedAt() != null ? j.postedAt() : seenAt;
        return new Object[] {id, j.source(), j.externalId(), canonicalId, j.fingerprint(), j.title(), j.company(),
                j.location(), j.remote(), j.jobType(), j.salary().min(), j.salary().max(), j.salary().currency(),
                j.salary().period(), j.salary().text(), j.description(), j.descriptionHtml(), json(j.tags()),
                json(j.highlights()), json(j.applyLinks()), j.applyUrl(), j.postedAt(), sortAt, seenAt, seenAt, hash,
                j.rawJson() == null ? "{}" : j.rawJson()};
    }

    /**
     * The rows as the JSON array the upsert reads, a JSON array per row with the values in {@link #COLUMNS}' order,
     * written straight with Jackson's generator: strings, numbers and dates as JSON strings (PostgreSQL parses them as
     * the columns' types), booleans as booleans, '' as null (as the sources' empty fields mean). Arrays rather than
     * objects: PostgreSQL parses no field names (a quarter of the text) and sorts no object keys, and reads a value by
     * its position (bench/results/findings.md, "Ingestion (session 7)"). A map per row serialized by ObjectMapper (a
     * serializer looked up per value) was most of the 29 % of the event loop's samples under ListingStore.json in a
     * JFR of JobsBench ("Ingestion (session 6)").
     */
    private String rowsJson(List<Object[]> rows) {
        StringWriter out = new StringWriter(rows.size() * 1_000);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Object[] v : rows) {
                g.writeStartArray();
                for (Object value : v) {
                    if (value == null || value instanceof String str && str.isEmpty()) {
                        g.writeNull();
                    } else if (value instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else {
                        g.writeString(value.toString());
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What "the listing changed" means: the fields people read, not the fetch-dependent ones. */
    String contentHash(NormalizedJob j) {
        // a relative date ("3 days ago") moves with every fetch: only an absolute one is content
        String posted = !relativeDateSources.contains(j.source()) && j.postedAt() != null ? j.postedAt().toString()
                : "";
        return Fingerprints.sha256(String.join("\u0001", String.valueOf(j.title()), String.valueOf(j.company()),
                String.valueOf(j.location()), String.valueOf(j.remote()), String.valueOf(j.jobType()),
                String.valueOf(j.salary().text()), String.valueOf(j.description()), String.valueOf(j.applyUrl()),
                json(j.tags()), json(j.highlights()), json(j.applyLinks()), posted));
    }
}
