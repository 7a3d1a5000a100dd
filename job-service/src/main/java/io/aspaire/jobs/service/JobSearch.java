package io.aspaire.jobs.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;
import io.aspaire.jobs.domain.Job;
import io.aspaire.jobs.domain.JobFilter;
import io.aspaire.jobs.domain.JobPage;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads canonical listings: filters, full-text search (GIN index on search_vector) and keyset pagination over
 * (sort_at desc, id desc), where sort_at is the posting date (or first seen when a source gives none).
 */
@ApplicationScoped
public class JobSearch {

    public static final int MAX_PAGE = 100;

    /**
     * What a read selects: the columns of the Job fields a GraphQL selection asks for (ListingColumns). A listing row
     * is ~24 columns, three of them JSON parsed per row and one a sub-select per row (seenOn); a search that shows
     * {@code id title company} needed none of that (bench/results/findings.md, "Full-text search and the
     * columns job-service reads (session 7)").
     */
    private static final int MAX_PROJECTIONS = 256;
    private final Map<Set<ListingColumn>, ListingColumns> projections = new ConcurrentHashMap<>();

    private final Pool pool;
    /** Readers of the JSON columns, built once (a readValue with a TypeReference resolves the type on every call). */
    private final ObjectReader tagsReader;
    private final ObjectReader highlightsReader;
    private final ObjectReader applyLinksReader;

    public JobSearch(ObjectMapper mapper, Pool pool) {
        this.pool = pool;
        this.tagsReader = mapper.readerFor(new TypeReference<List<String>>() {
        });
        this.highlightsReader = mapper.readerFor(new TypeReference<List<Highlight>>() {
        });
        this.applyLinksReader = mapper.readerFor(new TypeReference<List<ApplyLink>>() {
        });
    }

    /**
     * One page of canonical listings. The filter has passed its Bean Validation rules (JobFilter) in the API; the
     * source name is one of {@link JobSources#names()}.
     */
    public Uni<JobPage> search(JobFilter filter, String after, int first) {
        return search(filter, after, first, null);
    }

    /**
     * As {@link #search(JobFilter, String, int)}, reading only what the Job fields {@code fields} (GraphQL names) need;
     * null: every field.
     */
    public Uni<JobPage> search(JobFilter filter, String after, int first, Set<String> fields) {
        if (first < 1 || first > MAX_PAGE) {
            throw new BadRequestException("first must be between 1 and " + MAX_PAGE);
        }
        JobFilter f = filter == null ? new JobFilter() : filter;
        // the stored flag, not canonical_id = id: PostgreSQL has statistics for a column, none for a comparison of two
        // (V4__canonical_flag.sql)
        StringBuilder where = new StringBuilder("j.canonical");
        Map<String, Object> params = new HashMap<>();
        if (f.text != null && !f.text.isBlank()) {
            where.append(" and j.search_vector @@ websearch_to_tsquery('english', cast(:text as text))");
            params.put("text", f.text.trim());
        }
        if (f.location != null && !f.location.isBlank()) {
            where.append(" and j.location ilike cast(:location as text) escape '\\'");
            params.put("location", "%" + f.location.trim().replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (f.remote != null) {
            where.append(" and j.remote = cast(cast(:remote as text) as boolean)");
            params.put("remote", f.remote.toString());
        }
        if (f.jobType != null && !f.jobType.isBlank()) {
            where.append(" and j.job_type = cast(:jobType as text)");
            params.put("jobType", f.jobType.trim().toUpperCase(Locale.ROOT));
        }
        if (f.salaryMin != null) {
            where.append(" and coalesce(j.salary_max, j.salary_min) >= cast(cast(:salaryMin as text) as numeric)");
            params.put("salaryMin", f.salaryMin.toPlainString());
        }
        if (f.postedAfter != null) {
            Timestamps.inRange("filter.postedAfter", f.postedAfter);
            where.append(" and j.sort_at >= cast(cast(:postedAfter as text) as timestamptz)");
            params.put("postedAfter", f.postedAfter.toInstant().toString());
        }
        if (f.source != null && !f.source.isBlank()) {
            where.append(" and exists (select 1 from job_listings o where o.canonical_id = j.id"
                    + " and o.source = cast(:source as text))");
            params.put("source", f.source.trim().toUpperCase(Locale.ROOT));
        }
        if (after != null && !after.isBlank()) {
            Cursor c = Cursor.decode(after);
            where.append(" and (j.sort_at, j.id) < (cast(cast(:cursorAt as text) as timestamptz),"
                    + " cast(cast(:cursorId as text) as uuid))");
            params.put("cursorAt", c.sortAt().toString());
            params.put("cursorId", c.id().toString());
        }
        ListingColumns columns = columns(fields);
        String sql = "select " + columns.selectList() + " from job_listings j where " + where
                + " order by j.sort_at desc, j.id desc limit " + (first + 1);
        return list(sql, params).map(rows -> {
            boolean more = rows.size() > first;
            List<Object[]> page = more ? rows.subList(0, first) : rows;
            List<Job> jobs = new ArrayList<>();
            for (Object[] r : page) {
                jobs.add(toJob(r, columns));
            }
            String next = null;
            if (more) {
                Object[] last = page.get(page.size() - 1);
                next = new Cursor(micros(columns.value(last, ListingColumn.SORT_AT)),
                        UUID.fromString((String) columns.value(last, ListingColumn.ID))).encode();
            }
            return new JobPage(jobs, next, more);
        });
    }

    /** Jobs by id, in the order asked (null where unknown); a duplicate's id resolves to its canonical listing. */
    public Uni<List<Job>> byIds(List<String> ids) {
        return byIds(ids, null);
    }

    /** As {@link #byIds(List)}, reading only what the Job fields {@code fields} (GraphQL names) need; null: all. */
    public Uni<List<Job>> byIds(List<String> ids, Set<String> fields) {
        List<UUID> uuids = ids.stream().map(Ids::orNull).toList();
        List<String> valid = uuids.stream().filter(java.util.Objects::nonNull).map(UUID::toString).distinct().toList();
        if (valid.isEmpty()) {
            return Uni.createFrom().item(java.util.Collections.nCopies(ids.size(), (Job) null));
        }
        StringBuilder in = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < valid.size(); i++) {
            in.append(i == 0 ? "" : ",").append("cast(cast(:i").append(i).append(" as text) as uuid)");
            params.put("i" + i, valid.get(i));
        }
        ListingColumns columns = columns(fields);
        int askedId = columns.size();
        String sql = "select " + columns.selectList() + ", cast(d.id as text) from job_listings d join job_listings j"
                + " on j.id = coalesce(d.canonical_id, d.id) where d.id in (" + in + ")";
        return list(sql, params).map(rows -> {
            Map<String, Job> byId = new HashMap<>();
            for (Object[] r : rows) {
                byId.put((String) r[askedId], toJob(r, columns));
            }
            List<Job> out = new ArrayList<>();
            for (UUID u : uuids) {
                out.add(u == null ? null : byId.get(u.toString()));
            }
            return out;
        });
    }

    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9]*)");
    private static final int MAX_STATEMENTS = 4096;
    private final Map<String, Positional> positionalStatements = new ConcurrentHashMap<>();

    /**
     * One statement on the reactive PostgreSQL pool, prepared once per connection. Not through a Hibernate session:
     * JFR showed Hibernate's native-query interpretation cache as the hottest frame of {@code jobs}
     * (SelectInterpretationsKey.equals over a bin of colliding keys, ~15% of samples), and these reads need no entity.
     * Named parameters ({@code :name}) become positional ({@code $n}); every value travels as text and is cast in SQL.
     */
    private Uni<List<Object[]>> list(String sql, Map<String, Object> params) {
        Positional statement = positional(sql);
        List<Object> values = new ArrayList<>(statement.names().size());
        for (String name : statement.names()) {
            values.add(params.get(name));
        }
        return pool.preparedQuery(statement.sql()).execute(Tuple.from(values)).map(rows -> {
            List<Object[]> out = new ArrayList<>();
            for (Row row : rows) {
                Object[] r = new Object[row.size()];
                for (int i = 0; i < r.length; i++) {
                    // numeric columns (salary min/max) arrive as the client's Numeric: BigDecimal as Hibernate gave
                    r[i] = row.getValue(i) instanceof io.vertx.sqlclient.data.Numeric ? row.getBigDecimal(i)
                            : row.getValue(i);
                }
                out.add(r);
            }
            return out;
        });
    }

    /** A statement with {@code $n} parameters and the names they stand for, in order. */
    private record Positional(String sql, List<String> names) {
    }

    /**
     * The positional form of a statement, rewritten once per statement text: JFR showed the rewrite (a regex over
     * the ~700-character column list) on every {@code jobs} request. The texts are the filter combinations times the
     * page sizes (1-100), so the map stays small; it is bounded anyway.
     */
    private Positional positional(String sql) {
        Positional known = positionalStatements.get(sql);
        if (known != null) {
            return known;
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        Matcher m = NAMED.matcher(sql);
        StringBuilder positional = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Integer position = positions.get(name);
            if (position == null) {
                names.add(name);
                position = names.size();
                positions.put(name, position);
            }
            m.appendReplacement(positional, "\\$" + position);
        }
        m.appendTail(positional);
        Positional made = new Positional(positional.toString(), List.copyOf(names));
        if (positionalStatements.size() < MAX_STATEMENTS) {
            positionalStatements.put(sql, made);
        }
        return made;
    }

    /** The columns for these Job fields, built once per distinct selection (a handful: one per client query). */
    private ListingColumns columns(Set<String> fields) {
        Set<ListingColumn> needed = ListingColumn.forFields(fields);
        ListingColumns known = projections.get(needed);
        if (known != null) {
            return known;
        }
        ListingColumns made = new ListingColumns(needed);
        if (projections.size() < MAX_PROJECTIONS) {
            projections.put(needed, made);
        }
        return made;
    }

    /** The column sets read so far (one per distinct selection): what JobSearchProjectionTest checks. */
    Set<Set<ListingColumn>> projectionsRead() {
        return Set.copyOf(projections.keySet());
    }

    /** A Job from a row of these columns; a field whose column was not read is null (false for remote). */
    private Job toJob(Object[] r, ListingColumns c) {
        String source = (String) c.value(r, ListingColumn.SOURCE);
        List<String> seenOn = null;
        if (c.has(ListingColumn.SEEN_ON)) {
            String seen = (String) c.value(r, ListingColumn.SEEN_ON);
            seenOn = seen == null ? List.of(source) : List.of(seen.split(","));
        }
        return new Job((String) c.value(r, ListingColumn.ID), source, seenOn,
                (String) c.value(r, ListingColumn.EXTERNAL_ID), (String) c.value(r, ListingColumn.TITLE),
                (String) c.value(r, ListingColumn.COMPANY), (String) c.value(r, ListingColumn.LOCATION),
                Boolean.TRUE.equals(c.value(r, ListingColumn.REMOTE)), (String) c.value(r, ListingColumn.JOB_TYPE),
                (BigDecimal) c.value(r, ListingColumn.SALARY_MIN), (BigDecimal) c.value(r, ListingColumn.SALARY_MAX),
                (String) c.value(r, ListingColumn.SALARY_CURRENCY), (String) c.value(r, ListingColumn.SALARY_PERIOD),
                (String) c.value(r, ListingColumn.SALARY_TEXT), (String) c.value(r, ListingColumn.DESCRIPTION),
                (String) c.value(r, ListingColumn.DESCRIPTION_HTML),
                c.has(ListingColumn.TAGS) ? read((String) c.value(r, ListingColumn.TAGS), tagsReader) : null,
                c.has(ListingColumn.HIGHLIGHTS) ? read((String) c.value(r, ListingColumn.HIGHLIGHTS), highlightsReader)
                        : null,
                (String) c.value(r, ListingColumn.APPLY_URL),
                c.has(ListingColumn.APPLY_LINKS) ? read((String) c.value(r, ListingColumn.APPLY_LINKS),
                        applyLinksReader) : null,
                time(c.value(r, ListingColumn.POSTED_AT)), time(c.value(r, ListingColumn.FIRST_SEEN)),
                time(c.value(r, ListingColumn.LAST_SEEN)));
    }

    private static <T> T read(String json, ObjectReader reader) {
        try {
            return reader.readValue(json == null ? "[]" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }

    private static Instant micros(Object v) {
        long m = ((Number) v).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }

    private static OffsetDateTime time(Object v) {
        return v == null ? null : micros(v).atOffset(ZoneOffset.UTC);
    }

    /** Opaque to clients: base64url of "sortAtMicros:id". */
    record Cursor(Instant sortAt, UUID id) {
        String encode() {
            long m = sortAt.getEpochSecond() * 1_000_000L + sortAt.getNano() / 1000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((m + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** Defensive: a cursor is client input; garbage, overflow or an out-of-range time is a 400, never a 500. */
        static Cursor decode(String s) {
            BadRequestException invalid = new BadRequestException(
                    "after is not a valid cursor (use nextCursor of the previous page)");
            if (s.length() > 200) {
                throw invalid;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split(":", 2);
                Instant at = micros(Long.parseLong(parts[0]));
                Timestamps.inRange("after", at.atOffset(ZoneOffset.UTC));
                return new Cursor(at, Ids.required("after", parts[1]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | ArithmeticException
                    | java.time.DateTimeException | BadRequestException e) {
                throw invalid;
            }
        }
    }
}
