package io.aspaire.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the {@code wrk} load generator (Debian package {@code wrk}): one Lua script per scenario carries the POST
 * body and the headers, and its {@code done} hook prints the exact figures in one machine-readable line (wrk's own
 * summary rounds the percentiles).
 */
final class Wrk {

    /** What one wrk run measured; latencies in milliseconds, CPU in seconds (wrk itself). */
    record Result(long requests, double seconds, double p50, double p99, double max, long statusErrors,
            long socketErrors, double wrkCpuSeconds) {
        double rate() {
            return requests / seconds;
        }

        long errors() {
            return statusErrors + socketErrors;
        }
    }

    private static final Pattern LINE = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) "
            + "p99_us=(\\d+) max_us=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) status=(\\d+) timeout=(\\d+)");
    private static final Pattern CHILD_CPU = Pattern.compile("CHILDSTAT (.*)");

    private final Path dir;
    private int scripts;

    Wrk(Path dir) {
        this.dir = dir;
    }

    /**
     * Runs wrk for {@code seconds} against {@code url}. {@code bodies}: null for GET; one or more JSON bodies for POST
     * (several are sent in turn, e.g. different search words).
     */
    Result run(String url, List<String> bodies, Map<String, String> headers, int connections, int seconds)
            throws IOException, InterruptedException {
        Path script = dir.resolve("scenario-" + (++scripts) + ".lua");
        Files.writeString(script, lua(bodies, headers), StandardCharsets.UTF_8);
        int threads = Math.min(2, connections);
        String wrk = String.format("wrk -t%d -c%d -d%ds --timeout 10s -s %s %s", threads, connections, seconds,
                script, url);
        // the shell reports its waited-for children's CPU time (wrk's) from /proc/$$/stat, fields cutime + cstime
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", wrk + "; echo CHILDSTAT $(cat /proc/$$/stat)")
                .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no result for " + url + ":\n" + output);
        }
        double wrkCpu = 0;
        Matcher cpu = CHILD_CPU.matcher(output);
        if (cpu.find()) {
            String stat = cpu.group(1);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12 cutime=13 cstime=14
            wrkCpu = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) ProcCpu.TICKS;
        }
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6,
                Long.parseLong(m.group(3)) / 1e3, Long.parseLong(m.group(4)) / 1e3, Long.parseLong(m.group(5)) / 1e3,
                Long.parseLong(m.group(9)), Long.parseLong(m.group(6)) + Long.parseLong(m.group(7))
                        + Long.parseLong(m.group(8)) + Long.parseLong(m.group(10)), wrkCpu);
    }

    static String lua(List<String> bodies, Map<String, String> headers) {
        StringBuilder lua = new StringBuilder();
        if (bodies != null) {
            lua.append("wrk.method = \"POST\"\n");
            lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        }
        headers.forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = ").append(quote(v))
                .append('\n'));
        if (bodies != null && bodies.size() == 1) {
            lua.append("wrk.body = ").append(quote(bodies.get(0))).append('\n');
        } else if (bodies != null) {
            List<String> quoted = new ArrayList<>();
            bodies.forEach(b -> quoted.add(quote(b)));
            lua.append("local bodies = {").append(String.join(", ", quoted)).append("}\n");
            lua.append("local n = 0\n");
            lua.append("request = function()\n  n = n + 1\n")
                    .append("  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\nend\n");
        }
        lua.append("""
                done = function(summary, latency, requests)
                  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d status=%d timeout=%d\\n",
                    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
                    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
                    summary.errors.timeout))
                end
                """);
        return lua.toString();
    }

    /** A Lua long-bracket string: no escaping needed as long as the text has no "]=====]". */
    static String quote(String text) {
        if (text.contains("]=====]")) {
            throw new IllegalArgumentException("cannot quote " + text);
        }
        return "[=====[" + text + "]=====]";
    }
}
