package io.aspaire.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The no-Docker local stack: {@code java -jar deploy/local-stack/target/aspaire-local-stack.jar [up|infra]}.
 * <ul>
 * <li>{@code up} (default): PostgreSQL, Kafka, MongoDB, then the five services from their built
 * {@code target/quarkus-app}, waiting until every {@code /q/health/ready} is UP, then prints the URLs.</li>
 * <li>{@code infra}: only the servers (run the services yourself, e.g. in {@code quarkus:dev}).</li>
 * </ul>
 * Data, logs, keys and pid files live in {@code .aspaire/} at the repository root. Ctrl-C stops every process it
 * started; a start after a crash first stops whatever the crashed run left behind.
 */
public final class LocalStackMain {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "up";
        if (!mode.equals("up") && !mode.equals("infra")) {
            System.err.println("usage: java -jar aspaire-local-stack.jar [up|infra]");
            System.exit(2);
        }
        Path root = repositoryRoot();
        Path dataDir = Path.of(System.getenv().getOrDefault("ASPAIRE_DATA_DIR", root.resolve(".aspaire").toString()));
        long started = System.nanoTime();
        Infrastructure infra = Infrastructure.start(dataDir, true, 15432, 19092, 27018, System.getenv());
        System.out.println("[local-stack] data folder " + dataDir);
        infra.describe().forEach(line -> System.out.println("[local-stack] " + line));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[local-stack] stopping...");
            try {
                infra.close();
            } catch (IOException ignored) {
                // exiting
            }
            System.out.println("[local-stack] stopped");
        }));

        if (mode.equals("up")) {
            startServices(root, dataDir, infra);
            System.out.printf("[local-stack] all services ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            printUrls();
        } else {
            infra.serviceEnvironment().forEach((k, v) -> System.out.println("export " + k + "=" + v));
        }
        System.out.println("[local-stack] running; Ctrl-C stops everything");
        new CountDownLatch(1).await();
    }

    private static void startServices(Path root, Path dataDir, Infrastructure infra) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(infra.serviceEnvironment());
        env.putAll(passThrough());
        List<SuiteService> started = new ArrayList<>();
        for (SuiteService service : SuiteService.subgraphs()) {
            start(root, dataDir, infra, service, env);
            started.add(service);
        }
        started.forEach(LocalStackMain::awaitReady);
        start(root, dataDir, infra, SuiteService.GATEWAY, env);
        awaitReady(SuiteService.GATEWAY);
    }

    /** Settings for external APIs are handed through when the user set them (keys only from the environment). */
    private static Map<String, String> passThrough() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("OPENAI_") || k.startsWith("SERPAPI_") || k.startsWith("REMOTIVE_")
                    || k.startsWith("ASPAIRE_JWT_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static void start(Path root, Path dataDir, Infrastructure infra, SuiteService service,
            Map<String, String> env) throws IOException {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        if (!Ports.isFree(service.port)) {
            throw new IllegalStateException("port " + service.port + " (" + service.module
                    + ") is already in use: is another stack running?");
        }
        List<String> command = List.of(ChildProcesses.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", selfLocation(), ParentWatch.class.getName(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        // quarkus-run.jar's manifest names its entry point; running it through ParentWatch (class path = the jar)
        // makes the service exit with us even if we are killed hard.
        List<String> viaJar = new ArrayList<>(command);
        viaJar.set(5, selfLocation() + java.io.File.pathSeparator + jar);
        infra.processes().start(service.module, viaJar, env, dataDir.resolve("logs/" + service.module + ".log"));
        System.out.printf("[local-stack] starting %-16s on %s (log .aspaire/logs/%s.log)%n", service.module,
                service.baseUrl(), service.module);
    }

    private static void awaitReady(SuiteService service) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Ports.await(service.module + " /q/health/ready", READY_TIMEOUT, () -> {
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        System.out.printf("[local-stack] %-16s UP%n", service.module);
    }

    private static void printUrls() {
        System.out.println();
        System.out.println("  gateway GraphQL    " + SuiteService.GATEWAY.baseUrl() + "/graphql   (UI: "
                + SuiteService.GATEWAY.baseUrl() + "/graphiql)");
        for (SuiteService s : SuiteService.subgraphs()) {
            System.out.printf("  %-18s %s/graphql   REST %s   health %s/q/health%n", s.module, s.baseUrl(), s.api,
                    s.baseUrl());
        }
        System.out.println();
    }

    private static String selfLocation() {
        try {
            return Path.of(LocalStackMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("aspaire.home", System.getenv("ASPAIRE_HOME"));
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/local-stack")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run from the AspAIre repository (or set ASPAIRE_HOME)");
    }
}
