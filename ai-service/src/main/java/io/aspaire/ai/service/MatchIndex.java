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
 * listings x 384 floats, 1.5 KB a listing: 154 MB for 100,000), the skills as bits over the dictionary and the few
 * fields the filters read. A ranking is an exact scan (dot product + popcount per listing, top k in a heap), no
 * approximate index: 100,000 listings take about 10-20 ms on these machines (bench/match).
 *
 * <p>Each replica reads what was embedded since its last read every {@code aspaire.ai.match.index-refresh}, from
 * MongoDB, so replicas agree whichever of them consumed the event. Listings are never deleted (job-service emits no
 * deletion), a re-embedded one replaces its slot.
 */
@ApplicationScoped
public class MatchIndex {

    private static final Logger LOG = Logger.getLogger(MatchIndex.class);
    static final int CHUNK = 4096;
    private static final int D = Embedder.DIMENSIONS;

    private final SkillExtractor skills;
    private final int words;

    private final Map<String, Integer> slotOf = new HashMap<>();
    private final List<float[]> vectors = new ArrayList<>();
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
        PriorityQueue<double[]> heap = new PriorityQueue<>(Math.max(1, k), (a, b) -> a[0] != b[0]
                ? Double.compare(a[0], b[0]) : ids[(int) b[1]].compareTo(ids[(int) a[1]]));
        int count = slots == null ? size : slots.length;
        for (int i = 0; i < count; i++) {
            int slot = slots == null ? i : slots[i];
            if (filter != null && !filter.accepts(listings[slot])) {
                continue;
            }
            float[] chunk = vectors.get(slot / CHUNK);
            int base = (slot % CHUNK) * D;
            float dot = Embedder.dot(resume, chunk, base);
            long[] bits = skillBits.get(slot / CHUNK);
            int wbase = (slot % CHUNK) * words;
            int asked = 0;
            int matched = 0;
            for (int w = 0; w < words; w++) {
                long b = bits[wbase + w];
                asked += Long.bitCount(b);
                matched += Long.bitCount(b & mine[w]);
            }
            double semantic = MatchScore.semantic(dot);
            double coverage = asked == 0 ? semantic : (double) matched / asked;
            double rank = MatchScore.SEMANTIC_WEIGHT * semantic + (1 - MatchScore.SEMANTIC_WEIGHT) * coverage;
            // rank, then the cosine: listings that blend equally are told apart by how close their text is
            double key = rank + dot * 1e-9;
            if (heap.size() < k) {
                heap.add(new double[] { key, slot, dot });
            } else if (k > 0 && key > heap.peek()[0]) {
                heap.poll();
                heap.add(new double[] { key, slot, dot });
            }
        }
        List<Ranked> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            double[] e = heap.poll();
            int slot = (int) e[1];
            out.add(0, new Ranked(ids[slot], e[0], MatchScore.of((float) e[2], resumeSkills,
                    listings[slot].skills())));
        }
        return out;
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
