package io.aspaire.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five services running from their built {@code target/quarkus-app}, wired to an {@link Infrastructure}.
 * Each runs in its own JVM under {@link ParentWatch}, so it exits with us even if we are killed hard.
 * Used by {@link LocalStackMain} (fixed ports) and by the end-to-end test (free ports).
 */
public final class Suite implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Map<SuiteService, Integer> ports;
    private final Map<SuiteService, Process> processes = Collections.synchronizedMap(new EnumMap<>(SuiteService.class));
    /** The environment each service was started with: a restart uses the same. */
    private final Map<SuiteService, Map<String, String>> environments = new EnumMap<>(SuiteService.class);
    private final Infrastructure infra;
    private final Path root;
    private final Path logDir;

    private Suite(Infrastructure infra, Map<SuiteService, Integer> ports, Path root, Path logDir) {
        this.infra = infra;
        this.ports = ports;
        this.root = root;
        this.logDir = logDir;
    }

    /**
     * Starts the four subgraph services, waits until they are ready, then the gateway.
     *
     * @param ports    the HTTP port of each service
     * @param extraEnv more environment for every service (API keys, external base URLs)
     */
    public static Suite start(Path root, Path logDir, Infrastructure infra, Map<SuiteService, Integer> ports,
            Map<String, String> extraEnv) throws IOException {
        Suite suite = new Suite(infra, new EnumMap<>(ports), root, logDir);
        try {
            Map<String, String> env = new LinkedHashMap<>(infra.serviceEnvironment());
            env.putAll(extraEnv);
            for (SuiteService service : SuiteService.subgraphs()) {
                suite.launch(root, logDir, service, env);
            }
            for (SuiteService service : SuiteService.subgraphs()) {
                suite.awaitReady(service, logDir);
            }
            Map<String, String> gatewayEnv = new LinkedHashMap<>(env);
            for (SuiteService subgraph : SuiteService.subgraphs()) {
                gatewayEnv.put(subgraph.gatewayUrlVariable, suite.url(subgraph) + "/graphql");
            }
            suite.launch(root, logDir, SuiteService.GATEWAY, gatewayEnv);
            suite.awaitReady(SuiteService.GATEWAY, logDir);
            return suite;
        } catch (IOException | RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /** The default ports (8080-8084), as README documents them. */
    public static Map<SuiteService, Integer> defaultPorts() {
        Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
        for (SuiteService s : SuiteService.values()) {
            ports.put(s, s.defaultPort);
        }
        return ports;
    }

    /** Free ports, for tests that must not collide with a running stack. */
    public static Map<SuiteService, Integer> freePorts() {
        Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
        for (SuiteService s : SuiteService.values()) {
            int port;
            do {
                port = Ports.freeOr(0);
            } while (ports.containsValue(port));
            ports.put(s, port);
        }
        return ports;
    }

    public String url(SuiteService service) {
        return "http://localhost:" + ports.get(service);
    }

    /** The operating-system processes of the services (for tests that check nothing outlives the suite). */
    public List<ProcessHandle> processHandles() {
        synchronized (processes) {
            return processes.values().stream().map(Process::toHandle).toList();
        }
    }

    /**
     * Has {@code supervisor} watch every service and start a dead one again, with the same port and environment,
     * waiting until it is ready.
     */
    void supervise(Supervisor supervisor) {
        for (SuiteService service : SuiteService.values()) {
            supervisor.watch(service.module, log(service), Supervisor.Run.of(processes.get(service)),
                    Supervisor.Stop.TERMINATE, () -> {
                launch(root, logDir, service, environments.get(service));
                Process restarted = processes.get(service);
                try {
                    awaitReady(service, logDir);
                } catch (RuntimeException e) {
                    ChildProcesses.stop(restarted.toHandle()); // not ready in time: free its port for the next try
                    throw e;
                }
                return Supervisor.Run.of(restarted);
            });
        }
    }

    private Path log(SuiteService service) {
        return logDir.resolve(service.module + ".log");
    }

    private void launch(Path root, Path logDir, SuiteService service, Map<String, String> env) throws IOException {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        int port = ports.get(service);
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("port " + port + " (" + service.module
                    + ") is already in use: is another stack running?");
        }
        Map<String, String> serviceEnv = new LinkedHashMap<>(env);
        serviceEnv.put("HTTP_PORT", Integer.toString(port));
        // The service's main class comes from quarkus-run.jar's manifest; ParentWatch in front of it makes the service
        // exit when this JVM goes away, however it goes.
        List<String> command = List.of(ChildProcesses.javaExecutable(), "-Xmx" + service.heapMegabytes + "m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", selfLocation() + File.pathSeparator + jar,
                ParentWatch.class.getName(), "io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        Process process = infra.processes().start(service.module, command, serviceEnv, log(service));
        environments.put(service, env);
        processes.put(service, process);
        System.out.printf("[local-stack] starting %-16s on %s (log %s)%n", service.module, url(service),
                logDir.resolve(service.module + ".log"));
    }

    private void awaitReady(SuiteService service, Path logDir) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Process watched = processes.get(service);
        Ports.await(service.module + " /q/health/ready", READY_TIMEOUT, () -> {
            if (!watched.isAlive()) {
                throw new IllegalStateException(service.module + " exited with " + watched.exitValue() + ", see "
                        + logDir.resolve(service.module + ".log"));
            }
            try {
                return http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        System.out.printf("[local-stack] %-16s UP%n", service.module);
    }

    private static String selfLocation() {
        try {
            return Path.of(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the services (gateway first); the infrastructure is the caller's. */
    @Override
    public void close() {
        List<Process> reversed;
        synchronized (processes) {
            reversed = new ArrayList<>(processes.values());
        }
        Collections.reverse(reversed);
        reversed.forEach(p -> p.toHandle().destroy());
        reversed.forEach(p -> ChildProcesses.stop(p.toHandle()));
    }
}
