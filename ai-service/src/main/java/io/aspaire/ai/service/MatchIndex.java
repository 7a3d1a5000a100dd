package io.aspaire.ai.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.Binary;
import org.jboss.logging.Logger;

import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.MatchScore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Every embedded listing in memory, for recommendedJobs: the vectors in one compact float array (chunks of 4,096
 * listings x 384 floats, 1.5 KB a listing: 154 MB for 100,000), the same vectors as 8-bit codes (384 bytes a
 * listing), the skills as bits over the dictionary and the few fields the filters read.
 * <p>A ranking scans every candidate: the cosine from the 8-bit codes + the skill popcount, the best
 * {@code k + SHORTLIST_EXTRA} kept in a heap; those are then scored again with the exact float cosine and the best k
 * returned. Why two steps: the scan is bound by memory, not arithmetic (bench/match: 190 ns a listing at 10,000
 * listings, whose vectors fit in the caches, 560 ns at 100,000), and the codes are a quarter of the floats. A code's
 * error (at most 1/254 per component of a unit vector) moves a cosine by a few thousandths; the shortlist is wide
 * enough that the k returned, in order and with their scores, are those of an exact scan even where listings crowd
 * together (MatchIndexTest compares both). It is not a proof: a listing whose code errs by several deviations next
 * to a crowd of equals could be left out, and would rank at most a few thousandths above the last one returned.
 *
 * <p>Each replica reads what was embedded since its last read every {@code aspaire.ai.match.index-refresh}, from
 * MongoDB, so replicas agree whichever of them consumed the event. Listings are never deleted (job-service emits no
 * deletion), a re-embedded one replaces its slot.
 */
@ApplicationScoped
public class MatchIndex {

    private static final Logger LOG = Logger.getLogger(MatchIndex.class);
    static final int CHUNK = 4096;
    /**
     * How many more than k the 8-bit scan keeps for the exact re-scoring: the codes move a cosine by about 0.002-0.003
     * (one standard deviation), and where thousands of listings crowd within a few hundredths of the resume
     * (MatchIndexTest) 64 extra were not enough; 512 cost about 0.3 ms more.
     */
    static final int SHORTLIST_EXTRA = 512;
    private static final float CODE_SCALE = 127f;
    private static final int D = Embedder.DIMENSIONS;

    private final SkillExtractor skills;
    private final int words;

    private final Map<String, Integer> slotOf = new HashMap<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final List<byte[]> codes = new ArrayList<>();
    private final List<long[]> skillBits = new ArrayList<>();
    private String[] ids = new String[CHUNK];
    private Listing[] listings = new Listing[CHUNK];
    private int size;
    /** embeddedAt of the newest document read; the next refresh reads from there (inclusive: equal times). */
    private Date readUpTo = new Date(0);

    public MatchIndex(SkillExtractor skills) {
        this.skills = skills;
        this.words = (skills.skills().size() + 63) / 64;
    }

    /** The fields recommendedJobs' filter reads (the same names as job-service's jobs filter). */
    public record Listing(String title, String company, String location, boolean remote, String jobType,
            String source, Double salaryTop, Instant postedAt, List<String> skills) {
    }

    /** A listing's rank: its score (unrounded blend, for a stable order) and the listing's slot. */
    public record Ranked(String jobId, double rank, MatchScore score) {
    }

    /** What a ranking may keep; null fields do not filter. */
    public interface Filter {
        boolean accepts(Listing listing);
    }

    @Scheduled(every = "${aspaire.ai.match.index-refresh:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    Uni<Void> refresh() {
        return refreshNow().onFailure().invoke(e -> LOG.warnf("match index refresh failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Reads every listing embedded since the last read (in pages of 2,000, oldest first). */
    public Uni<Integer> refreshNow() {
        Date from;
        synchronized (this) {
            from = readUpTo;
        }
        Document filter = new Document("embeddedAt", new Document("$gte", from));
        Document fields = new Document("embedding", 1).append("skills", 1).append("title", 1)
                .append("company", 1).append("location", 1).append("remote", 1).append("jobType", 1)
                .append("source", 1).append("salaryTop", 1).append("postedAt", 1).append("embeddedAt", 1);
        return JobDoc.mongoDatabase().getCollection("jobs").find(filter,
                new io.quarkus.mongodb.FindOptions().projection(fields)
                        .sort(new Document("embeddedAt", 1)).limit(2000))
                .collect().asList().map(docs -> {
                    docs.forEach(this::put);
                    return docs.size();
                })
                .chain(n -> n == 2000 && advancedPast(from) ? refreshNow().map(more -> n + more)
                        : Uni.createFrom().item(n));
    }

    private synchronized boolean advancedPast(Date from) {
        return readUpTo.after(from);
    }

    private synchronized void put(Document doc) {
        Object raw = doc.get("embedding");
        byte[] bytes = raw instanceof Binary b ? b.getData() : (byte[]) raw;
        if (bytes == null || bytes.length != D * 4) {
            return;
        }
        Date at = doc.getDate("embeddedAt");
        if (at != null && at.after(readUpTo)) {
            readUpTo = at;
        }
        String id = doc.getString("_id");
        List<String> names = doc.getList("skills", String.class, List.of());
        put(id, Embedder.fromBytes(bytes), names, new Listing(doc.getString("title"), doc.getString("company"),
                doc.getString("location"), remote(doc.get("remote")),
                doc.getString("jobType"), doc.getString("source"), number(doc.get("salaryTop")),
                instant(doc.getString("postedAt")), names));
    }

    /** Adds or replaces one listing (public for the bench, which fills an index without MongoDB). */
    public synchronized void put(String id, float[] vector, List<String> names, Listing listing) {
        Integer slot = slotOf.get(id);
        if (slot == null) {
            slot = size++;
            if (slot % CHUNK == 0 && slot / CHUNK == vectors.size()) {
                vectors.add(new float[CHUNK * D]);
                codes.add(new byte[CHUNK * D]);
                skillBits.add(new long[CHUNK * words]);
            }
            if (slot >= ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
                listings = Arrays.copyOf(listings, listings.length * 2);
            }
            slotOf.put(id, slot);
            ids[slot] = id;
        }
        System.arraycopy(vector, 0, vectors.get(slot / CHUNK), (slot % CHUNK) * D, D);
        System.arraycopy(encode(vector), 0, codes.get(slot / CHUNK), (slot % CHUNK) * D, D);
        long[] bits = skills.bits(names);
        System.arraycopy(bits, 0, skillBits.get(slot / CHUNK), (slot % CHUNK) * words, words);
        listings[slot] = listing;
    }

    public synchronized int size() {
        return size;
    }

    /**
     * The {@code k} listings that fit the resume best, best first (ties by job id), among those the filter keeps.
     * An exact scan: every listing's cosine and skill coverage are computed, a heap of size k keeps the best.
     */
    public synchronized List<Ranked> top(float[] resume, List<String> resumeSkills, Filter filter, int k) {
        return rank(resume, resumeSkills, filter, k, null);
    }

    /**
     * {@link #top}, among the given listings only (recommendedJobs: those the user's searches returned). Ids not in
     * the index (not received or not embedded yet) are skipped; only the given listings' slots are scanned, so a
     * user's few hundred results cost a few hundred dot products, and all 100,000 cost what {@link #top} costs.
     */
    public synchronized List<Ranked> topAmong(float[] resume, List<String> resumeSkills, Filter filter, int k,
            Collection<String> jobIds) {
        // marks, then the marked slots in ascending order: duplicates drop out, the scan reads the vector chunks in
        // memory order, and no sort (a sort of 100,000 boxed slots cost more than the scan itself)
        boolean[] wanted = new boolean[size];
        int n = 0;
        for (String id : jobIds) {
            Integer slot = slotOf.get(id);
            if (slot != null && !wanted[slot]) {
                wanted[slot] = true;
                n++;
            }
        }
        int[] slots = new int[n];
        for (int slot = 0, i = 0; i < n; slot++) {
            if (wanted[slot]) {
                slots[i++] = slot;
            }
        }
        return rank(resume, resumeSkills, filter, k, slots);
    }

    /** The scan behind both: every slot when {@code slots} is null, else those. */
    private List<Ranked> rank(float[] resume, List<String> resumeSkills, Filter filter, int k, int[] slots) {
        long[] mine = skills.bits(resumeSkills);
        byte[] probe = encode(resume);
        int shortlist = k <= 0 ? 0 : k + SHORTLIST_EXTRA;
        // step 1, the 8-bit scan: the best `shortlist` by approximate rank (key, slot), worst on top
        PriorityQueue<double[]> heap = new PriorityQueue<>(Math.max(1, shortlist), this::worseFirst);
        int count = slots == null ? size : slots.length;
        for (int i = 0; i < count; i++) {
            int slot = slots == null ? i : slots[i];
            if (filter != null && !filter.accepts(listings[slot])) {
                continue;
            }
            float cosine = dotCodes(probe, codes.get(slot / CHUNK), (slot % CHUNK) * D) / (CODE_SCALE * CODE_SCALE);
            double key = key(cosine, slot, mine);
            if (heap.size() < shortlist) {
                heap.add(new double[] { key, slot });
            } else if (shortlist > 0 && key > heap.peek()[0]) {
                heap.poll();
                heap.add(new double[] { key, slot });
            }
        }
        // step 2: the shortlist scored with the exact cosine, the best k returned
        List<double[]> exact = new ArrayList<>(heap.size());
        for (double[] e : heap) {
            int slot = (int) e[1];
            float cosine = Embedder.dot(resume, vectors.get(slot / CHUNK), (slot % CHUNK) * D);
            exact.add(new double[] { key(cosine, slot, mine), slot, cosine });
        }
        exact.sort((a, b) -> worseFirst(b, a));
        List<Ranked> out = new ArrayList<>(Math.min(k, exact.size()));
        for (double[] e : exact.subList(0, Math.min(Math.max(k, 0), exact.size()))) {
            int slot = (int) e[1];
            out.add(new Ranked(ids[slot], e[0], MatchScore.of((float) e[2], resumeSkills, listings[slot].skills())));
        }
        return out;
    }

    /** A listing's rank from its cosine and its skill coverage; the cosine breaks ties between equal blends. */
    private double key(float cosine, int slot, long[] mine) {
        long[] bits = skillBits.get(slot / CHUNK);
        int wbase = (slot % CHUNK) * words;
        int asked = 0;
        int matched = 0;
        for (int w = 0; w < words; w++) {
            long b = bits[wbase + w];
            asked += Long.bitCount(b);
            matched += Long.bitCount(b & mine[w]);
        }
        double semantic = MatchScore.semantic(cosine);
        double coverage = asked == 0 ? semantic : (double) matched / asked;
        double rank = MatchScore.SEMANTIC_WEIGHT * semantic + (1 - MatchScore.SEMANTIC_WEIGHT) * coverage;
        return rank + cosine * 1e-9;
    }

    /** Lower rank first; equal ranks: the larger job id first (so the smaller id wins a tie, as before). */
    private int worseFirst(double[] a, double[] b) {
        return a[0] != b[0] ? Double.compare(a[0], b[0]) : ids[(int) b[1]].compareTo(ids[(int) a[1]]);
    }

    /** A unit vector as 8-bit codes: each component times 127, rounded. */
    static byte[] encode(float[] vector) {
        byte[] out = new byte[vector.length];
        for (int d = 0; d < vector.length; d++) {
            out[d] = (byte) Math.max(-127, Math.min(127, Math.round(vector[d] * CODE_SCALE)));
        }
        return out;
    }

    /** a . b[offset, offset + a.length) over 8-bit codes, in int (exact; four sums let the CPU overlap them). */
    static int dotCodes(byte[] a, byte[] b, int offset) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int j = offset + i;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[offset + i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** The read model keeps the event's remote flag as text: "true" (the event's boolean) or "YES". */
    private static boolean remote(Object value) {
        String text = String.valueOf(value);
        return "true".equalsIgnoreCase(text) || "YES".equalsIgnoreCase(text);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Lower-cased, for the filters' case-insensitive "contains". */
    public static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
