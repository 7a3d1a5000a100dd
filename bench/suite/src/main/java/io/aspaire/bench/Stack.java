package io.aspaire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite under test, started by README command (a)'s launcher ({@code deploy/local-stack/target/
 * aspaire-local-stack.jar}) on free ports and a throw-away data folder, as deploy/e2e starts it.
 * <ul>
 * <li>{@code deploy} mode (default): the launcher's {@code infra} mode starts PostgreSQL, Kafka and the Mongo server;
 * the five services are then started the way a deployment runs them, {@code java <the Deployment's JVM options> -jar
 * quarkus-run.jar} in target/quarkus-app ({@link #deploymentJvmOptions}: jvm.env's options and the container's memory
 * limit; the launcher's {@code up} adds fast-start development flags instead, among them
 * {@code -XX:TieredStopAtLevel=1}, which keeps the JIT at C1 and is not what a deployment runs). Goal 6's "alone"
 * instances get the same options.</li>
 * <li>{@code up} mode: the launcher's {@code up}, exactly command (a).</li>
 * </ul>
 */
final class Stack implements AutoCloseable {

    static final List<String> SUBGRAPHS = List.of("user-service", "job-service", "pipeline-service", "ai-service");
    static final Map<String, String> GATEWAY_URL_VARIABLES = Map.of("user-service", "USER_SERVICE_GRAPHQL_URL",
            "job-service", "JOB_SERVICE_GRAPHQL_URL", "pipeline-service", "PIPELINE_SERVICE_GRAPHQL_URL",
            "ai-service", "AI_SERVICE_GRAPHQL_URL");
    private static final Pattern STARTING = Pattern.compile("\\[local-stack\\] starting (\\S+)\\s+on (http://\\S+)");
    private static final Pattern EXPORT = Pattern.compile("^export (\\w+)=(.*)$");

    final Path root;
    final Path dataDir;
    final boolean deployMode;
    final Map<String, String> urls = new ConcurrentHashMap<>();
    final Map<String, String> infraEnv = new ConcurrentHashMap<>();
    /** The environment the services get beside the infrastructure's (external API base URLs, keys). */
    final Map<String, String> extraEnv;
    final Map<String, Process> services = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Seconds from spawn to /q/health/ready 200 when the five start together (deploy mode). */
    final Map<String, Double> suiteStartSeconds = new LinkedHashMap<>();
    private final List<Process> extra = Collections.synchronizedList(new ArrayList<>());
    private Process launcher;
    private volatile boolean launcherRunning;
    private final List<String> launcherOutput = Collections.synchronizedList(new ArrayList<>());

    Stack(Path root, Path dataDir, boolean deployMode, Map<String, String> extraEnv) {
        this.root = root;
        this.dataDir = dataDir;
        this.deployMode = deployMode;
        this.extraEnv = extraEnv;
    }

    void start() throws Exception {
        Path jar = root.resolve("deploy/local-stack/target/aspaire-local-stack.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (bench/run.sh does)");
        }
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), deployMode ? "infra" : "up")
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("ASPAIRE_") || k.startsWith("OPENAI_") || k.startsWith("SERPAPI_")
                || k.startsWith("REMOTIVE_"));
        env.put("ASPAIRE_PORTS", "free");
        env.put("ASPAIRE_DATA_DIR", dataDir.toString());
        env.put("ASPAIRE_RESTARTS", "0"); // a dying process must show, not be healed in the middle of a measurement
        env.putAll(extraEnv);
        launcher = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    launcherOutput.add(line);
                    Matcher starting = STARTING.matcher(line);
                    if (starting.find()) {
                        urls.put(starting.group(1), starting.group(2));
                    }
                    Matcher export = EXPORT.matcher(line);
                    if (export.find()) {
                        infraEnv.put(export.group(1), export.group(2));
                    }
                    if (line.contains("[local-stack] running")) {
                        launcherRunning = true;
                    }
                }
            } catch (IOException e) {
                // launcher gone
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!launcherRunning) {
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the launcher did not start the stack:\n"
                        + String.join("\n", launcherOutput));
            }
            Thread.sleep(100);
        }
        if (deployMode) {
            startServices();
        }
    }

    private void startServices() throws Exception {
        System.out.println("[bench] services started with the Deployment's JVM options, e.g. job-service "
                + deploymentJvmOptions("job-service"));
        Map<String, Long> spawned = new LinkedHashMap<>();
        for (String module : SUBGRAPHS) {
            int port = freePort();
            urls.put(module, "http://localhost:" + port);
            spawned.put(module, System.nanoTime());
            services.put(module, spawnAsDeployed(module, port, Map.of(), dataDir.resolve("logs/bench-" + module
                    + ".log")));
        }
        for (String module : SUBGRAPHS) {
            try {
                awaitReady(module, services.get(module), urls.get(module), Duration.ofSeconds(180));
            } catch (IllegalStateException e) {
                if (services.get(module).isAlive()) {
                    throw e;
                }
                // on an overloaded machine a service may give up at start (e.g. Flyway's connection timeout): once more
                System.out.println("[bench] " + e.getMessage() + " at start (log " + dataDir.resolve("logs/bench-"
                        + module + ".log") + "); starting it once more");
                int port = URI.create(urls.get(module)).getPort();
                spawned.put(module, System.nanoTime());
                services.put(module, spawnAsDeployed(module, port, Map.of(), dataDir.resolve("logs/bench-" + module
                        + "-2.log")));
                awaitReady(module, services.get(module), urls.get(module), Duration.ofSeconds(180));
            }
            suiteStartSeconds.put(module, (System.nanoTime() - spawned.get(module)) / 1e9);
        }
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        SUBGRAPHS.forEach(m -> gatewayEnv.put(GATEWAY_URL_VARIABLES.get(m), urls.get(m) + "/graphql"));
        int port = freePort();
        urls.put("gateway", "http://localhost:" + port);
        long t = System.nanoTime();
        services.put("gateway", spawnAsDeployed("gateway", port, gatewayEnv,
                dataDir.resolve("logs/bench-gateway.log")));
        awaitReady("gateway", services.get("gateway"), urls.get("gateway"), Duration.ofSeconds(120));
        suiteStartSeconds.put("gateway", (System.nanoTime() - t) / 1e9);
    }

    /**
     * {@code java <the Deployment's JVM options> -jar quarkus-run.jar} in the module's {@code target/quarkus-app}, as a
     * pod runs it: the services' heap size and collector are part of what the tails measure (G1 sized for the whole
     * host is not what runs in a 768 Mi container), and jvm.env's AppCDS archive is part of the start.
     */
    Process spawnAsDeployed(String module, int port, Map<String, String> moreEnv, Path log) throws IOException {
        return spawn(module, module, port, moreEnv, log, deploymentJvmOptions(module));
    }

    /**
     * As the image runs it: {@code java <jvmOptions> -jar quarkus-run.jar} in the module's {@code target/quarkus-app}
     * (the image's {@code /deployments}). Quarkus's AppCDS archive records the class path relative to that folder:
     * started from anywhere else the JVM silently drops the archive ("Required classpath entry does not exist").
     * {@code jvmOptions} come before BENCH_JVM_OPTIONS (which may add to or override them); {@code label} replaces
     * {@code {module}} in BENCH_JVM_OPTIONS (a second instance must not share a JFR file).
     */
    Process spawn(String module, String label, int port, Map<String, String> moreEnv, Path log,
            List<String> jvmOptions) throws IOException {
        Path appDir = root.resolve(module).resolve("target/quarkus-app");
        if (!Files.exists(appDir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(appDir.resolve("quarkus-run.jar")
                    + " is missing: build first (bench/run.sh does)");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        String benchOptions = System.getenv("BENCH_JVM_OPTIONS"); // e.g. JFR: -XX:StartFlightRecording=...
        if (benchOptions != null && !benchOptions.isBlank()) {
            command.addAll(List.of(benchOptions.replace("{module}", label).trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(appDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("ASPAIRE_") || k.startsWith("OPENAI_") || k.startsWith("SERPAPI_")
                || k.startsWith("REMOTIVE_") || k.startsWith("DB_") || k.startsWith("KAFKA_") || k.startsWith("MONGODB_")
                || k.equals("HTTP_PORT"));
        env.putAll(infraEnv);
        env.putAll(extraEnv);
        env.putAll(moreEnv);
        env.put("HTTP_PORT", Integer.toString(port));
        Process process = builder.start();
        extra.add(process);
        return process;
    }

    private static final Pattern JVM_ENV = Pattern.compile("(?m)^JAVA_OPTS_APPEND=(.*)$");
    private static final Pattern MEMORY_LIMIT = Pattern.compile("(?s)limits:.*?memory:\\s*(\\d+)(Mi|Gi)");

    /**
     * The JVM options a pod of {@code module} runs with: {@code deploy/k8s/base/jvm/jvm.env} (the ConfigMap every
     * Deployment reads), plus {@code -XX:MaxRAM} = the memory limit of {@code deploy/k8s/base/<module>/
     * deployment.yaml}, the memory the JVM sees inside that container (heap percentages apply to it). The image's
     * {@code /deployments/} is the module's {@code target/quarkus-app/} (Dockerfile.jvm copies one to the other), so
     * a path under it (the AppCDS archive, {@code -XX:SharedArchiveFile=/deployments/app-cds.jsa}) is read there.
     */
    List<String> deploymentJvmOptions(String module) throws IOException {
        Path k8s = root.resolve("deploy/k8s/base");
        Matcher options = JVM_ENV.matcher(Files.readString(k8s.resolve("jvm/jvm.env")));
        Matcher limit = MEMORY_LIMIT.matcher(Files.readString(k8s.resolve(module).resolve("deployment.yaml")));
        if (!options.find() || !limit.find()) {
            throw new IllegalStateException("no JAVA_OPTS_APPEND in jvm.env or no memory limit for " + module);
        }
        List<String> result = new ArrayList<>();
        result.add("-XX:MaxRAM=" + limit.group(1) + (limit.group(2).equals("Gi") ? "g" : "m"));
        String deployments = root.resolve(module).resolve("target/quarkus-app").toAbsolutePath() + "/";
        for (String option : options.group(1).trim().split("\\s+")) {
            result.add(option.replace("/deployments/", deployments));
        }
        return result;
    }

    static void awaitReady(String module, Process process, String url, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(module + " not ready within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** The pid of a service: ours in deploy mode, the launcher's pid file in up mode. */
    long pid(String module) {
        Process p = services.get(module);
        if (p != null) {
            return p.isAlive() ? p.pid() : -1;
        }
        return pidFile(dataDir.resolve("pids/" + module + ".pid"));
    }

    long launcherPid() {
        return launcher.isAlive() ? launcher.pid() : -1;
    }

    long kafkaPid() {
        return pidFile(dataDir.resolve("pids/kafka.pid"));
    }

    long postmasterPid() {
        return pidFile(dataDir.resolve("postgres/postmaster.pid"));
    }

    static long pidFile(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    String url(String module) {
        String url = urls.get(module);
        if (url == null) {
            throw new IllegalStateException("no URL for " + module + ": " + urls);
        }
        return url;
    }

    /** host:port of the Kafka broker. */
    String kafka() {
        if (infraEnv.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
            return infraEnv.get("KAFKA_BOOTSTRAP_SERVERS");
        }
        return fromLockFile("kafka\\W+([\\w.-]+:\\d+)");
    }

    String jdbcUrl(String database) {
        String hostPort = infraEnv.containsKey("DB_PORT")
                ? infraEnv.getOrDefault("DB_HOST", "localhost") + ":" + infraEnv.get("DB_PORT")
                : fromLockFile("postgresql\\W+([\\w.-]+:\\d+)");
        return "jdbc:postgresql://" + hostPort + "/" + database;
    }

    String dbUser() {
        return infraEnv.getOrDefault("DB_USER", "postgres");
    }

    String dbPassword() {
        return infraEnv.getOrDefault("DB_PASSWORD", "postgres");
    }

    /** In up mode the launcher prints no export lines; its lock file records the servers' addresses. */
    private String fromLockFile(String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(dataDir.resolve("launcher.lock")));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            // below
        }
        throw new IllegalStateException("no address matching " + regex + " in " + dataDir.resolve("launcher.lock"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void track(Process process) {
        extra.add(process);
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(extra);
        Collections.reverse(all);
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            try {
                if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                    launcher.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
