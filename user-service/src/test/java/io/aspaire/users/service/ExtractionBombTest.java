package io.aspaire.users.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.Bombs;
import io.aspaire.users.support.Documents;
import io.aspaire.users.support.Http;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Decompression bombs (issue 10 #1): small uploads that unpack to far more than a resume are refused with 413/422
 * within 5 s, while the service keeps answering its health check, also with several bombs at once.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ExtractionBombTest {

    private static final long LIMIT_MS = 5_000;

    @Test
    void docxWhoseBodyInflatesTo20MegabytesIsRefusedQuickly() {
        byte[] bomb = Bombs.docx(20);
        assertTrue(bomb.length < 300_000, "a small upload: " + bomb.length);
        HttpResponse<String> response = uploadWhileProbingHealth(Api.newUser("docx-bomb"), "bomb.docx", bomb);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("unpacks to more than"), response.body());
    }

    @Test
    void pdfWhoseContentStreamInflatesToAGigabyteIsRefusedQuickly() {
        byte[] bomb = Bombs.pdfWithHugeContentStream(1024);
        assertTrue(bomb.length < 2_000_000, "a small upload: " + bomb.length);
        HttpResponse<String> response = uploadWhileProbingHealth(Api.newUser("pdf-bomb"), "bomb.pdf", bomb);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("unpacks to more than"), response.body());
    }

    @Test
    void pdfWithTenThousandPagesIsRefusedQuickly() {
        HttpResponse<String> response = uploadWhileProbingHealth(Api.newUser("pdf-pages"), "pages.pdf",
                Bombs.pdfWithPages(10_000));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("10000 pages"), response.body());
    }

    /** More bombs than extraction threads + queue: each is refused (413, or 503 when the pool is full), health stays up. */
    @Test
    void parallelBombsDoNotTakeTheServiceDown() {
        Api.Session user = Api.newUser("bombs");
        byte[] docx = Bombs.docx(20);
        byte[] pdf = Bombs.pdfWithHugeContentStream(512);
        long start = System.nanoTime();
        List<HttpResponse<String>> responses = whileProbingHealth(() -> Http.parallel(12, i -> upload(user,
                i % 2 == 0 ? "bomb.docx" : "bomb.pdf", i % 2 == 0 ? docx : pdf)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        for (HttpResponse<String> r : responses) {
            assertTrue(Set.of(413, 422, 503).contains(r.statusCode()), r.statusCode() + " " + r.body());
            if (r.statusCode() == 503) {
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 carries Retry-After");
            }
        }
        assertTrue(elapsedMs < 2 * LIMIT_MS, "12 bombs answered in " + elapsedMs + " ms");
        System.out.println("12 parallel bombs answered in " + elapsedMs + " ms");
        // and a real resume is still read afterwards
        HttpResponse<String> real = Http.send(upload(user, "cv.docx", Documents.docx("Jane Doe", "Engineer")));
        assertEquals(201, real.statusCode(), real.body());
    }

    private static HttpResponse<String> uploadWhileProbingHealth(Api.Session user, String name, byte[] file) {
        long start = System.nanoTime();
        HttpResponse<String> response = whileProbingHealth(() -> Http.send(upload(user, name, file)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println(name + " (" + file.length + " bytes) answered " + response.statusCode() + " in "
                + elapsedMs + " ms");
        assertTrue(elapsedMs < LIMIT_MS, name + " answered in " + elapsedMs + " ms");
        return response;
    }

    /** Runs {@code work} while another thread asks /q/health every 50 ms; every health answer must be 200. */
    private static <T> T whileProbingHealth(Supplier<T> work) {
        Map<Integer, Integer> healthStatuses = new ConcurrentHashMap<>();
        List<Long> slowAnswersMs = new java.util.concurrent.CopyOnWriteArrayList<>();
        // one health request every 50 ms after the previous answer, for as long as the work runs
        java.util.concurrent.ScheduledExecutorService prober = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        prober.scheduleWithFixedDelay(() -> {
            long t0 = System.nanoTime();
            HttpResponse<String> health = Http.send(Http.request("/q/health", null).GET().build());
            healthStatuses.merge(health.statusCode(), 1, Integer::sum);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms >= 2_000) {
                slowAnswersMs.add(ms);
            }
        }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            prober.shutdown();
            try {
                assertTrue(prober.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS), "the probe stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals(Set.of(200), healthStatuses.keySet(), "health answers during extraction: " + healthStatuses);
            assertTrue(slowAnswersMs.isEmpty(), "health answered within 2 s, not in " + slowAnswersMs + " ms");
        }
    }

    private static HttpRequest upload(Api.Session user, String name, byte[] file) {
        return Http.request("/resumes", user.accessToken()).header("Content-Type", Http.MULTIPART)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Http.multipart(name, file))).build();
    }
}
