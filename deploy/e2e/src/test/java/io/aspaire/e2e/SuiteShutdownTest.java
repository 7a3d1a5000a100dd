package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.dataDir;
import static io.aspaire.e2e.RunningSuite.launcher;
import static io.aspaire.e2e.RunningSuite.launcherOutputReader;
import static io.aspaire.e2e.RunningSuite.output;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README command (a)'s Ctrl-C: SIGTERM to the launcher every end-to-end class shared ({@link RunningSuite}) leaves no
 * process of ours behind. Runs last: it stops the suite.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(RunningSuite.Started.class)
class SuiteShutdownTest {

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    // ------------------------------------------------------------------------------------------------------------
    // Ctrl-C leaves no process of ours running
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void ctrlCStopsEveryProcessTheLauncherStarted() throws Exception {
        assertTrue(launcher.isAlive(), "the launcher is still running before Ctrl-C");
        List<ProcessHandle> started = launcher.descendants().toList();
        String described = describe(started);
        System.out.println("[e2e] launcher pid " + launcher.pid() + ", descendants before Ctrl-C:\n" + described);
        // the Kafka broker and the five services are forked JVMs (PostgreSQL's processes may come on top)
        assertTrue(started.size() >= 6, "at least the broker and five services: " + described);
        Optional<ProcessHandle> postmaster = postmaster();
        postmaster.ifPresent(p -> System.out.println("[e2e] PostgreSQL postmaster pid " + p.pid()));

        // SIGTERM: the JVM runs the same shutdown hooks as for Ctrl-C (SIGINT). Sent through the ProcessHandle, as
        // Process.destroy() would also close our end of its stdout and lose what the shutdown hooks print.
        launcher.toHandle().destroy();
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "the launcher did not exit within 90 s of SIGTERM");
        launcherOutputReader.join(Duration.ofSeconds(10).toMillis());

        List<ProcessHandle> ours = new ArrayList<>(started);
        postmaster.ifPresent(ours::add);
        await("every process the launcher started has exited").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    List<ProcessHandle> alive = ours.stream().filter(ProcessHandle::isAlive).toList();
                    assertTrue(alive.isEmpty(), "still running after Ctrl-C:\n" + describe(alive));
                });
        assertTrue(List.copyOf(output).stream().anyMatch(l -> l.contains("[local-stack] stopped")),
                "the launcher reports it stopped: " + output.subList(Math.max(0, output.size() - 10), output.size()));
    }

    static Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                return ProcessHandle.of(pid);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("[e2e] cannot read " + pidFile + ": " + e);
        }
        return Optional.empty();
    }

    static String describe(List<ProcessHandle> processes) {
        StringBuilder out = new StringBuilder();
        for (ProcessHandle p : processes) {
            out.append("  pid ").append(p.pid()).append(' ')
                    .append(p.info().commandLine().or(() -> p.info().command()).orElse("?"))
                    .append('\n');
        }
        return out.toString();
    }
}
