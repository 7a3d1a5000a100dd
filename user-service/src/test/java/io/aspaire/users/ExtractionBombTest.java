package io.aspaire.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

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
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, Integer> healthStatuses = new ConcurrentHashMap<>();
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                HttpResponse<String> health = Http.send(Http.request("/q/health", null).GET().build());
                healthStatuses.merge(health.statusCode(), 1, Integer::sum);
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "health answered within 2 s");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return work.get();
        } finally {
            running.set(false);
            probe.join();
            assertEquals(Set.of(200), healthStatuses.keySet(), "health answers during extraction: " + healthStatuses);
        }
    }

    private static HttpRequest upload(Api.Session user, String name, byte[] file) {
        return Http.request("/resumes", user.accessToken()).header("Content-Type", Http.MULTIPART)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Http.multipart(name, file))).build();
    }
}
