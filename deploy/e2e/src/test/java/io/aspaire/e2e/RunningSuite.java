package io.aspaire.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * README command (a), started once per test JVM and shared by every end-to-end class (the launcher takes ~30 s to
 * start): WireMock playing Remotive and the OpenAI API, then {@code java -jar deploy/local-stack/target/
 * aspaire-local-stack.jar up} in a child process with every server on a free port. A class asks for it with
 * {@code @ExtendWith(RunningSuite.Started.class)}; the suite is stopped when the whole test run ends (a JUnit
 * root-store resource), and on any failure the tail of every service log is printed and the data folder is kept.
 * <p>
 * Classes that share it run in the order of their {@code @Order} (src/test/resources/junit-platform.properties):
 * the polite journey first, the hostile-input suite next, Ctrl-C last.
 */
final class RunningSuite {

    /** How long to wait for the "all services ready" line before giving up. */
    static final Duration READY_WAIT = Duration.ofSeconds(150);
    static final List<String> SERVICES = List.of("user-service", "job-service", "pipeline-service", "ai-service",
            "gateway");
    static final String OPENAI_MODEL = "gpt-e2e";
    static final String SUMMARY = "Senior backend role building event-driven Java services.";
    static final List<String> REQUIREMENTS = List.of("Java 17", "Kafka", "PostgreSQL");

    static final Pattern STARTING = Pattern.compile("\\[local-stack\\] starting (\\S+)\\s+on (http://\\S+)");
    static final Pattern READY = Pattern.compile("\\[local-stack\\] all services ready in ([0-9]+(?:[.,][0-9]+)?) s");

    static final ObjectMapper JSON = new ObjectMapper();

    static Path root;
    static Path dataDir;
    static WireMockServer wiremock;
    /** Where every service sends its spans (TracingTest): tracing is on in the whole end-to-end run. */
    static OtlpCollector collector;
    static Process launcher;
    static Thread launcherShutdownGuard;
    static Thread launcherOutputReader;
    static final List<String> output = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, String> urls = new ConcurrentHashMap<>();
    static volatile Double readySeconds;
    /** The launcher's main thread died (e.g. a service could not start): the line that says so. */
    static volatile String launcherFailure;
    /** Some test of some class failed: keep the data folder and print the logs at the end. */
    static volatile boolean failed;
    private static Throwable startFailure;
    private static boolean started;

    private RunningSuite() {
    }

    /** Starts the suite for the first class that asks; the others get the same one. */
    static final class Started implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            start(context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL));
        }
    }

    /** Marks the shared suite failed when any test fails (logs printed, data kept at the end). */
    static final class FailureWatcher implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    }

    private static synchronized void start(ExtensionContext.Store rootStore) throws Exception {
        if (startFailure != null) {
            throw new IllegalStateException("the suite failed to start for an earlier class", startFailure);
        }
        if (started) {
            return;
        }
        started = true;
        // closed when the whole test run ends, after the last class
        rootStore.put(RunningSuite.class.getName(), (ExtensionContext.Store.CloseableResource) RunningSuite::stop);
        try {
            root = Path.of(System.getProperty("aspaire.home", "../..")).toAbsolutePath().normalize();
            // aspaire.e2e.launcher-jar: only to try a patched launcher build; the test is about the repository's jar
            Path jar = Path.of(System.getProperty("aspaire.e2e.launcher-jar",
                    root.resolve("deploy/local-stack/target/aspaire-local-stack.jar").toString()));
            assertTrue(Files.exists(jar), jar + " is missing: build deploy/local-stack first");
            for (String service : SERVICES) {
                Path app = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
                assertTrue(Files.exists(app), app + " is missing: ./mvnw -DskipTests package -pl " + service);
            }
            dataDir = Files.createTempDirectory("aspaire-e2e-");
            startWireMock();
            collector = new OtlpCollector();
            launch(jar);
            await("[local-stack] all services ready in X s (launcher output)").atMost(READY_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> readySeconds != null || launcherFailure != null || !launcher.isAlive());
            assertNull(launcherFailure, "the launcher failed to start the suite: " + launcherFailure);
            assertNotNull(readySeconds, "the launcher exited (code " + (launcher.isAlive() ? "-" : launcher.exitValue())
                    + ") before printing 'all services ready'");
        } catch (Throwable t) {
            failed = true;
            startFailure = t;
            throw t;
        }
    }

    static void startWireMock() throws IOException {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
        String remotive;
        try (InputStream in = RunningSuite.class.getResourceAsStream("/e2e/remotive-remote-jobs.json")) {
            remotive = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Remotive: GET /api/remote-jobs?search=...&limit=... (no key), recorded format
        wiremock.stubFor(get(urlPathEqualTo("/api/remote-jobs")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(remotive)));
        // OpenAI-compatible chat completions: the job-summary prompt ("TASK: JOB_SUMMARY") answered with the JSON the
        // prompt asks for, in a plain (non-streaming) chat.completion
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("TASK: JOB_SUMMARY"))
                .willReturn(completion(JSON.writeValueAsString(Map.of("summary", SUMMARY, "keyRequirements",
                        REQUIREMENTS)))));
        // the search-terms prompt ("TASK: SEARCH_TERMS"), so that SearchTermsGenerated is produced too
        // (EventContractsTest checks every producer's records against their schema)
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("TASK: SEARCH_TERMS"))
                .willReturn(completion(JSON.writeValueAsString(Map.of("titles", List.of("Backend Engineer"),
                        "skills", List.of("Java", "Kafka"), "locations", List.of("Remote"))))));
    }

    static ResponseDefinitionBuilder completion(String content) throws IOException {
        String body = JSON.writeValueAsString(Map.of(
                "id", "chatcmpl-e2e", "object", "chat.completion", "created", 1_700_000_000, "model", OPENAI_MODEL,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 120, "completion_tokens", 40, "total_tokens", 160)));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The OpenAI streaming format (SSE): one chunk per token, a last chunk with the usage, then [DONE]. */
    static ResponseDefinitionBuilder streamed(String... tokens) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append("data: ").append(JSON.writeValueAsString(Map.of("id", "chatcmpl-e2e", "object",
                    "chat.completion.chunk", "created", 1_700_000_000, "model", OPENAI_MODEL, "choices",
                    List.of(Map.of("index", 0, "delta", Map.of("role", "assistant", "content", token)))))).append("\n\n");
        }
        Map<String, Object> stop = new java.util.HashMap<>();
        stop.put("index", 0);
        stop.put("delta", Map.of());
        stop.put("finish_reason", "stop");
        body.append("data: ").append(JSON.writeValueAsString(Map.of("id", "chatcmpl-e2e", "object",
                "chat.completion.chunk", "created", 1_700_000_000, "model", OPENAI_MODEL, "choices", List.of(stop),
                "usage", Map.of("prompt_tokens", 50, "completion_tokens", tokens.length, "total_tokens",
                        50 + tokens.length)))).append("\n\n");
        body.append("data: [DONE]\n\n");
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
    }

    static void launch(Path jar) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "up")
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // servers the developer may have pointed the stack at are not ours to use here
        env.keySet().removeIf(k -> k.startsWith("ASPAIRE_") || k.startsWith("OPENAI_") || k.startsWith("SERPAPI_")
                || k.startsWith("REMOTIVE_"));
        env.put("ASPAIRE_PORTS", "free");
        env.put("ASPAIRE_DATA_DIR", dataDir.toString());
        env.put("REMOTIVE_BASE_URL", "http://localhost:" + wiremock.port());
        env.put("SERPAPI_API_KEY", "");
        env.put("OPENAI_API_KEY", "test-key");
        env.put("OPENAI_BASE_URL", "http://localhost:" + wiremock.port() + "/v1/");
        env.put("OPENAI_MODEL", OPENAI_MODEL);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        System.out.println("[e2e] " + String.join(" ", builder.command()) + "   (in " + root + ", data "
                + dataDir + ", WireMock on " + wiremock.port() + ")");
        launcher = builder.start();
        // if this JVM is stopped (surefire timeout, Ctrl-C on Maven), the launcher goes too
        launcherShutdownGuard = new Thread(() -> {
            if (launcher.isAlive()) {
                launcher.destroy();
            }
        }, "e2e-launcher-guard");
        Runtime.getRuntime().addShutdownHook(launcherShutdownGuard);
        launcherOutputReader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    System.out.println("[launcher] " + line);
                    Matcher starting = STARTING.matcher(line);
                    if (starting.find()) {
                        urls.put(starting.group(1), starting.group(2));
                    }
                    if (line.startsWith("Exception in thread \"main\"")) {
                        launcherFailure = line;
                    }
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        readySeconds = Double.parseDouble(ready.group(1).replace(',', '.'));
                    }
                }
            } catch (IOException e) {
                // the launcher is gone
            }
        }, "e2e-launcher-output");
        launcherOutputReader.setDaemon(true);
        launcherOutputReader.start();
    }

    static String url(String service) {
        String url = urls.get(service);
        assertNotNull(url, "no URL printed for " + service + ": " + urls);
        return url;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Tear-down: the launcher never outlives the test run; logs on failure
    // ------------------------------------------------------------------------------------------------------------

    static void stop() throws Exception {
        try {
            if (launcher != null && launcher.isAlive()) {
                List<ProcessHandle> started = launcher.descendants().toList();
                launcher.toHandle().destroy();
                if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                    launcher.destroyForcibly();
                }
                started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }
        } finally {
            if (launcherShutdownGuard != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(launcherShutdownGuard);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
            if (failed) {
                dumpLogs();
            }
            if (wiremock != null) {
                wiremock.stop();
            }
            if (collector != null) {
                collector.close();
            }
            if (!failed && dataDir != null) {
                deleteQuietly(dataDir);
            }
        }
    }

    static void dumpLogs() {
        if (dataDir == null) {
            return;
        }
        System.out.println("[e2e] FAILED: data folder kept at " + dataDir);
        Path logs = dataDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("======== " + log + " (last 80 of " + lines.size() + " lines) ========");
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("[e2e] cannot read the logs: " + e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder
        }
    }
}
