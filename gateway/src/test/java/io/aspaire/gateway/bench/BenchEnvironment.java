package io.aspaire.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aspaire.gateway.stubs.StubSubgraphs;
import io.vertx.core.Vertx;

/**
 * Starts what the benchmark and the Apollo comparison need, on loopback: the four stub subgraphs (in this JVM)
 * and the packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, a child JVM) pointed at them.
 */
final class BenchEnvironment implements AutoCloseable {

    static final Map<String, String> URL_VARIABLES = Map.of("users", "USER_SERVICE_GRAPHQL_URL", "jobs",
            "JOB_SERVICE_GRAPHQL_URL", "pipeline", "PIPELINE_SERVICE_GRAPHQL_URL", "ai", "AI_SERVICE_GRAPHQL_URL");

    final Vertx vertx = Vertx.vertx();
    final StubSubgraphs stubs = new StubSubgraphs().start(vertx);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    /** The gateway's JVM once {@link #startGateway} has run. */
    Process gateway;

    /** Starts the gateway jar on a free port and waits until it has composed all four subgraphs. */
    String startGateway(Path jar) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        // e.g. a JFR recording: GATEWAY_JAVA_OPTS="-XX:StartFlightRecording=filename=gateway.jfr,settings=profile"
        String extra = System.getenv("GATEWAY_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.aspaire\".level=WARN", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        stubs.all().forEach((name, stub) -> builder.environment().put(URL_VARIABLES.get(name), stub.url()));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        gateway = builder.start();
        processes.add(gateway);
        String base = "http://localhost:" + port;
        awaitBody(base + "/gateway/supergraph", "\"composedSubgraphs\":[\"ai\",\"jobs\",\"pipeline\",\"users\"]",
                Duration.ofSeconds(60));
        return base + "/graphql";
    }

    /** Starts a child process and waits for {@code readyLine} on its output. */
    Process startProcess(ProcessBuilder builder, String readyLine, Duration timeout) throws Exception {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        processes.add(process);
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        while ((line = reader.readLine()) != null) {
            System.out.println("  [" + builder.command().get(0) + "] " + line);
            if (line.contains(readyLine)) {
                Thread drain = new Thread(() -> reader.lines().forEach(l -> System.out.println("  [child] " + l)));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IllegalStateException("process did not print \"" + readyLine + "\": " + builder.command());
    }

    void awaitBody(String url, String expected, Duration timeout) {
        String[] last = { null };
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    last[0] = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    last[0] = e.toString(); // not listening yet
                }
                return last[0].contains(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("timed out waiting for " + url + " to contain " + expected + "; last: "
                    + last[0]);
        }
    }

    String post(String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url + ": " + response.body());
        }
        return response.body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stubs.stop();
        vertx.close();
    }
}
