package io.aspaire.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes with pid files, and stops them all on shutdown. A pid file left by a crashed run names a
 * process that may still hold ports or data: it is stopped before anything new starts.
 */
final class ChildProcesses {

    private final Path pidDir;
    private final List<Process> children = Collections.synchronizedList(new ArrayList<>());

    ChildProcesses(Path pidDir) {
        this.pidDir = pidDir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "local-stack-shutdown"));
    }

    /** Kills whatever a previous, crashed run left behind (stale pid files). */
    void reapStale() throws IOException {
        Files.createDirectories(pidDir);
        try (var files = Files.list(pidDir)) {
            for (Path file : files.toList()) {
                readPid(file).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
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
        children.add(process);
        Files.writeString(pidDir.resolve(name + ".pid"), Long.toString(process.pid()));
        return process;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    void stopAll() {
        List<Process> snapshot;
        synchronized (children) {
            snapshot = new ArrayList<>(children);
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
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
            System.out.printf("[local-stack] stopping stale process %d (%s)%n", p.pid(), pidFile);
            p.destroy();
            try {
                p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
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
