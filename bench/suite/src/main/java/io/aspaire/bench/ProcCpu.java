package io.aspaire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU seconds per process from {@code /proc/<pid>/stat} (utime + stime), and RSS from {@code /proc/<pid>/status}.
 * A "process" here may be a tree: PostgreSQL is its postmaster plus the backends (live ones from their own stat,
 * exited ones from the postmaster's cutime + cstime).
 */
final class ProcCpu {

    /** Clock ticks per second of the stat fields (USER_HZ; 100 on Linux/x86 and arm64). */
    static final long TICKS = ticks();

    /** name -> current pid (looked up at every sample: a restarted process gets a new pid). */
    private final Map<String, LongSupplier> processes = new LinkedHashMap<>();
    private final Map<String, Boolean> trees = new LinkedHashMap<>();

    void watch(String name, LongSupplier pid, boolean tree) {
        processes.put(name, pid);
        trees.put(name, tree);
    }

    Map<String, Double> sample() {
        Map<String, Double> out = new LinkedHashMap<>();
        processes.forEach((name, pid) -> {
            long p = pid.getAsLong();
            out.put(name, p <= 0 ? Double.NaN : trees.get(name) ? treeSeconds(p) : seconds(p, false));
        });
        return out;
    }

    Map<String, Double> since(Map<String, Double> before) {
        Map<String, Double> now = sample();
        Map<String, Double> diff = new LinkedHashMap<>();
        now.forEach((name, value) -> {
            double then = before.getOrDefault(name, Double.NaN);
            // a process started inside the window (e.g. the reference nginx) used all its CPU in it
            diff.put(name, value - (Double.isNaN(then) ? 0 : then));
        });
        return diff;
    }

    static double treeSeconds(long pid) {
        double total = seconds(pid, true);
        total += ProcessHandle.of(pid).map(h -> h.descendants().mapToDouble(d -> seconds(d.pid(), false)).sum())
                .orElse(0.0);
        return total;
    }

    /** utime + stime (+ cutime + cstime of waited-for children when {@code withChildren}), in seconds. */
    static double seconds(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / (double) TICKS;
        } catch (IOException | RuntimeException e) {
            return 0; // gone
        }
    }

    /**
     * CPU seconds of each JIT compiler thread of a JVM ({@code C1/C2 CompilerThread<n>}, 15-character names in
     * {@code /proc/<pid>/task/<tid>/comm}), by thread id: the compiler threads come and go (dynamic compiler thread
     * count), so a window's JIT time is the per-thread difference of two samples ({@link #jitSecondsBetween}).
     */
    static Map<Long, Double> compilerThreads(long pid) {
        Map<Long, Double> out = new LinkedHashMap<>();
        if (pid <= 0) {
            return out;
        }
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        out.put(Long.parseLong(task.getFileName().toString()),
                                (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return out;
    }

    /** JIT seconds between two {@link #compilerThreads} samples (a thread that ended in between is not counted). */
    static double jitSecondsBetween(Map<Long, Double> before, Map<Long, Double> after) {
        return after.entrySet().stream().mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0))
                .sum();
    }

    /** Resident set size in MB (VmRSS). */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }

    private static long ticks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (IOException | RuntimeException e) {
            return 100;
        }
    }
}
