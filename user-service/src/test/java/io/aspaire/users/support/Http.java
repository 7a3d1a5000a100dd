package io.aspaire.users.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A plain JDK HTTP client for what RestAssured does poorly: many requests at exactly the same time, each with a client
 * timeout (a request that never answers fails the test instead of hanging it), and hand-made (e.g. truncated) bodies.
 */
public final class Http {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + path);
    }

    public static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT + ": " + request.method() + " " + request.uri());
        } catch (Exception e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    /** Sends {@code n} requests at the same moment; their responses, in order. Fails if any does not answer in time. */
    public static List<HttpResponse<String>> parallel(int n, IntFunction<HttpRequest> request) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                HttpRequest r = request.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return send(r);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                try {
                    responses.add(f.get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    fail("a parallel request did not answer within " + TIMEOUT);
                } catch (Exception e) {
                    throw new AssertionError(e.getCause() == null ? e : e.getCause());
                }
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A multipart/form-data body with one file part; {@link #BOUNDARY} separates the parts. */
    public static byte[] multipart(String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    public static final String BOUNDARY = "aspaire-test-boundary-7d1f";
    public static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;
}
