package io.aspaire.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes with pid files, and stops them all on shutdown. A pid file left by a crashed run names a
 * process that may still hold ports or data: it is stopped before anything new starts, by the launcher that holds the
 * data folder's {@link LauncherLock} (never while another live launcher owns them).
 */
final class ChildProcesses {

    private final Path pidDir;
    /** By name, in start order; a restarted process keeps its predecessor's place (stop order stays reversed). */
    private final Map<String, Process> children = new LinkedHashMap<>();
    private volatile boolean stopping;

    ChildProcesses(Path pidDir) {
        this.pidDir = pidDir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "local-stack-shutdown"));
    }

    /**
     * Kills whatever a previous, crashed run left behind (stale pid files). Only for the holder of the data folder's
     * {@link LauncherLock}: the pid files of a live launcher are not stale.
     */
    void reapStale() throws IOException {
        Files.createDirectories(pidDir);
        try (var files = Files.list(pidDir)) {
            for (Path file : files.toList()) {
                readPid(file).flatMap(ProcessHandle::of).filter(ChildProcesses::isRunning).ifPresent(p -> {
                    System.out.printf("[local-stack] stopping %s (pid %d) left by an earlier run%n",
                            file.getFileName(), p.pid());
                    stop(p);
                });
                Files.deleteIfExists(file);
            }
        }
    }

    Process start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        synchronized (children) {
            children.put(name, process);
        }
        Files.writeString(pidDir.resolve(name + ".pid"), Long.toString(process.pid()));
        return process;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** True once {@link #stopAll()} began: exits from then on are expected, not deaths to report. */
    boolean stopping() {
        return stopping;
    }

    void stopAll() {
        stopping = true;
        List<Process> snapshot;
        synchronized (children) {
            snapshot = new ArrayList<>(children.values());
            children.clear();
        }
        // services first, infrastructure last: reverse start order
        Collections.reverse(snapshot);
        snapshot.forEach(p -> p.toHandle().destroy());
        snapshot.forEach(p -> stop(p.toHandle()));
        try (var files = Files.list(pidDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // best effort: a stale pid file is handled at the next start
        }
    }

    static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static void stopPidFile(Path pidFile, Duration timeout) {
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ChildProcesses::isRunning).ifPresent(p -> {
            System.out.printf("[local-stack] stopping stale process %d (%s)%n", p.pid(), pidFile);
            p.destroy();
            try {
                p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    /** Alive and not a zombie (a zombie has ended; on Linux its /proc entry says state Z). */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (not Linux)
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
