package io.aspaire.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps the benchmark's servers up for an outside load generator ({@code wrk}, see {@code bench/gateway/run.sh}):
 * the four stub subgraphs (this JVM, request recording off), our gateway (a child JVM) and, when the oracle
 * directory has its {@code node_modules}, Apollo Gateway 2.x over the same stubs. Writes their URLs and process ids as
 * shell variables to {@code <env file>} once everything answers, then runs until it is terminated.
 * Usage: {@code BenchServer <quarkus-run.jar> <oracle dir> <env file>}.
 */
public final class BenchServer {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path oracle = Path.of(args[1]);
        Path envFile = Path.of(args[2]);
        ObjectMapper json = new ObjectMapper();
        BenchEnvironment env = new BenchEnvironment();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            env.close();
            stopped.countDown();
        }));
        env.stubs.all().values().forEach(stub -> stub.recording(false));
        String gateway = env.startGateway(jar);
        List<String> lines = new ArrayList<>();
        lines.add("GATEWAY_URL=" + gateway);
        lines.add("GATEWAY_PID=" + env.gateway.pid());
        lines.add("STUBS_PID=" + ProcessHandle.current().pid());
        env.stubs.all().forEach((name, stub) -> lines.add("STUB_" + name.toUpperCase() + "_URL=" + stub.url()));
        if (Files.isDirectory(oracle.resolve("node_modules"))) {
            int apolloPort = BenchEnvironment.freePort();
            List<Map<String, String>> subgraphs = new ArrayList<>();
            env.stubs.all().forEach((name, stub) -> subgraphs.add(Map.of("name", name, "url", stub.url())));
            ProcessBuilder node = new ProcessBuilder("node", "apollo-gateway.js").directory(oracle.toFile());
            node.environment().put("SUBGRAPHS", json.writeValueAsString(subgraphs));
            node.environment().put("PORT", String.valueOf(apolloPort));
            node.environment().put("NODE_ENV", "production");
            Process apollo = env.startProcess(node, "APOLLO GATEWAY READY", Duration.ofSeconds(60));
            lines.add("APOLLO_URL=http://127.0.0.1:" + apolloPort + "/");
            lines.add("APOLLO_PID=" + apollo.pid());
        }
        Path partial = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.write(partial, lines);
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("BENCH SERVERS READY " + envFile);
        stopped.await();
    }
}
