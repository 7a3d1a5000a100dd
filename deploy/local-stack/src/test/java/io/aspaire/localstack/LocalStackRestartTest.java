package io.aspaire.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The local stack's launcher (infra mode, persistent data) killed hard and started again: the forked broker dies with
 * it, the PostgreSQL server it left behind is stopped at the next start, and the data is still there.
 */
class LocalStackRestartTest {

    @Test
    void secondStartAfterAHardKillReapsLeftoversAndKeepsData() throws Exception {
        Path data = Files.createTempDirectory("aspaire-restart");
        Launched first = launch(data);
        try (Connection c = connect(first.env); Statement s = c.createStatement()) {
            s.execute("create table restart_probe (note text)");
            s.execute("insert into restart_probe values ('survives a crash')");
        }
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
        List<ProcessHandle> children = first.process.descendants().toList();
        assertFalse(children.isEmpty(), "the broker runs in a forked JVM");

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        awaitDead(children, "forked children of the killed launcher");
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the crash leaves the PostgreSQL server running (this is what the next start must handle)");

        Launched second = launch(data);
        try {
            awaitDead(ProcessHandle.of(postmaster).stream().toList(), "the stale PostgreSQL server");
            try (Connection c = connect(second.env); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select note from restart_probe")) {
                assertTrue(rs.next());
                assertEquals("survives a crash", rs.getString(1));
            }
        } finally {
            List<ProcessHandle> all = second.process.descendants().toList();
            long newPostmaster = Long.parseLong(
                    Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
            second.process.toHandle().destroy(); // SIGTERM, as Ctrl-C
            assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
            awaitDead(all, "children after a normal stop");
            awaitDead(ProcessHandle.of(newPostmaster).stream().toList(), "PostgreSQL after a normal stop");
        }
    }

    private record Launched(Process process, Map<String, String> env) {
    }

    /** Starts {@code LocalStackMain infra} in a new JVM and waits for the environment it prints. */
    private static Launched launch(Path data) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildProcesses.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), LocalStackMain.class.getName(), "infra")
                .redirectErrorStream(true);
        builder.environment().put("ASPAIRE_PORTS", "free");
        builder.environment().put("ASPAIRE_DATA_DIR", data.toString());
        builder.environment().put("ASPAIRE_HOME", Path.of("../..").toAbsolutePath().normalize().toString());
        Process process = builder.start();
        Map<String, String> env = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[launcher] " + line);
                    if (line.startsWith("export ")) {
                        String[] kv = line.substring(7).split("=", 2);
                        env.put(kv[0], kv[1]);
                    }
                    if (line.contains("Ctrl-C stops everything")) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // process gone
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(ready.await(120, TimeUnit.SECONDS), "the launcher did not come up");
        return new Launched(process, env);
    }

    private static Connection connect(Map<String, String> env) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("DB_HOST") + ":" + env.get("DB_PORT")
                + "/users", env.get("DB_USER"), env.get("DB_PASSWORD"));
    }

    private static void awaitDead(List<ProcessHandle> processes, String what) {
        Ports.await(what + " to exit", Duration.ofSeconds(30),
                () -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }
}
