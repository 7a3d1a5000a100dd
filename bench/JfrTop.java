import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU goes in a JFR recording, from its jdk.ExecutionSample events: the hottest methods (top frame), the
 * nearest io.aspaire frame of each sample, and the most frequent stacks. Reads the file with the JFR API (JDK 17's
 * `jfr print` fails on some hidden-class frames).
 *   java bench/JfrTop.java recording.jfr [rows=20] [stack-frames=8] [only-threads-containing]
 * Recordings come from bench/run.sh with
 *   BENCH_JVM_OPTIONS='-XX:StartFlightRecording=filename=/tmp/{module}.jfr,settings=profile,dumponexit=true'
 */
public class JfrTop {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String threadFilter = args.length > 3 ? args[3] : null;
        Map<String, Integer> top = new HashMap<>(), app = new HashMap<>(), stacks = new HashMap<>(),
                threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (threadFilter != null && (thread == null || !thread.contains(threadFilter))) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            top.merge(frames.get(0), 1, Integer::sum);
            app.merge(frames.stream().filter(f -> f.startsWith("io.aspaire")).findFirst()
                    .orElse("(no io.aspaire frame)"), 1, Integer::sum);
            stacks.merge(String.join(" <- ", frames.subList(0, Math.min(depth, frames.size()))), 1, Integer::sum);
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
        }
        System.out.println(args[0] + ": " + total + " execution samples");
        print("threads (numbers stripped)", threads, total, rows);
        print("hottest methods (top frame)", top, total, rows);
        print("nearest io.aspaire frame", app, total, rows);
        print("most frequent stacks (first " + depth + " frames)", stacks, total, rows);
    }

    static void print(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(rows)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
