package io.aspaire.e2e.hostile;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends hostile requests a few at a time, judges every answer ({@link Verdict}) and reports the counts, by category,
 * service and kind of failure, with the first failures and their requests.
 */
public final class HostileRun {

    /** One request and what came of it; {@code failure} null when the answer was acceptable. */
    public record Outcome(Probe probe, int status, long millis, Verdict.Failure failure) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final int concurrency;

    public HostileRun(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Sends every probe ({@link #concurrency} at a time) and returns when all are answered or timed out. */
    public void run(List<Probe> probes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (Probe probe : probes) {
                pending.add(pool.submit(() -> outcomes.add(send(probe))));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    Outcome send(Probe probe) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(probe.request(), HttpResponse.BodyHandlers.ofByteArray());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return new Outcome(probe, response.statusCode(), millis, Verdict.judge(probe, response.statusCode(),
                    body));
        } catch (HttpTimeoutException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Outcome(probe, 0, millis, new Verdict.Failure(Verdict.HANG, "no answer within "
                    + probe.bound().toSeconds() + " s"));
        } catch (IOException | RuntimeException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Outcome(probe, 0, millis, new Verdict.Failure(Verdict.NO_ANSWER, e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records an outcome found outside {@link #run} (e.g. the introspection the generation depends on). */
    public void record(Outcome outcome) {
        outcomes.add(outcome);
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public List<Outcome> failures() {
        return outcomes().stream().filter(o -> o.failure() != null).toList();
    }

    public long count(String failureKind) {
        return failures().stream().filter(o -> o.failure().kind().equals(failureKind)).count();
    }

    /** The report printed by the test; the last line is {@code Hostile: N passed, N failed}. */
    public String report(int maxFailuresShown) {
        List<Outcome> all = outcomes();
        List<Outcome> failed = failures();
        StringBuilder out = new StringBuilder("[hostile] ").append(all.size()).append(" requests sent\n");
        out.append("[hostile] by category (sent / failed):\n");
        tally(all, o -> o.probe().category()).forEach((k, v) -> out.append(String.format("    %-26s %6d / %d%n", k,
                v[0], v[1])));
        out.append("[hostile] by service (sent / failed):\n");
        tally(all, o -> o.probe().service()).forEach((k, v) -> out.append(String.format("    %-26s %6d / %d%n", k,
                v[0], v[1])));
        out.append("[hostile] failures by kind:\n");
        failed.stream().collect(Collectors.groupingBy(o -> o.failure().kind(), TreeMap::new, Collectors.counting()))
                .forEach((k, v) -> out.append(String.format("    %-44s %d%n", k, v)));
        out.append("[hostile] slowest answers:\n");
        all.stream().sorted(Comparator.comparingLong(Outcome::millis).reversed()).limit(5).forEach(o -> out.append(
                String.format("    %6d ms  %s  %s%n", o.millis(), o.probe().service(), o.probe().label())));
        if (!failed.isEmpty()) {
            // one example of each kind of failure on each operation, so that one noisy operation does not hide others
            List<Outcome> examples = failed.stream().collect(Collectors.toMap(HostileRun::groupOf, o -> o,
                    (first, later) -> first, LinkedHashMap::new)).values().stream().limit(maxFailuresShown).toList();
            out.append("[hostile] ").append(examples.size()).append(" examples of the ").append(failed.size())
                    .append(" failures (one per kind and operation):\n");
            examples.forEach(o -> out.append(describe(o)));
        }
        out.append(String.format("[hostile] %d requests: 5xx %d, hangs %d, \"System error\" %d, class names %d, "
                + "leaks %d, no answer %d%n", all.size(), count(Verdict.SERVER_ERROR), count(Verdict.HANG),
                count(Verdict.SYSTEM_ERROR), count(Verdict.CLASS_NAME), count(Verdict.LEAK),
                count(Verdict.NO_ANSWER)));
        out.append(String.format("Hostile: %d passed, %d failed", all.size() - failed.size(), failed.size()));
        return out.toString();
    }

    static String groupOf(Outcome o) {
        return o.failure().kind() + "|" + o.probe().service() + "|" + o.probe().category() + "|"
                + operation(o.probe());
    }

    static String describe(Outcome o) {
        return String.format("  - [%s] %s %s: HTTP %s in %d ms: %s%n      request: %s%n", o.failure().kind(),
                o.probe().service(), o.probe().label(), o.status() == 0 ? "-" : o.status(), o.millis(),
                o.failure().why(), o.probe().describe());
    }

    private static Map<String, long[]> tally(List<Outcome> outcomes, Function<Outcome, String> key) {
        Map<String, long[]> out = new TreeMap<>();
        for (Outcome o : outcomes) {
            long[] counts = out.computeIfAbsent(key.apply(o), k -> new long[2]);
            counts[0]++;
            if (o.failure() != null) {
                counts[1]++;
            }
        }
        return out;
    }

    /**
     * The findings grouped by class of defect (kind of failure, then service and operation/route), each with its count
     * and an example request: for the people fixing them.
     */
    public void writeFindings(Path file, String header) throws IOException {
        List<Outcome> failed = failures();
        StringBuilder out = new StringBuilder("# Hostile-input findings\n\n").append(Instant.now()).append(" - ")
                .append(header).append("\n\n");
        report(0).lines().filter(l -> l.startsWith("Hostile:") || l.contains(" requests: 5xx "))
                .forEach(l -> out.append(l).append("\n\n"));
        Map<String, List<Outcome>> byKind = failed.stream().collect(Collectors.groupingBy(o -> o.failure().kind(),
                TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Outcome>> kind : byKind.entrySet()) {
            out.append("## ").append(kind.getKey()).append(" (").append(kind.getValue().size()).append(")\n\n");
            Map<String, List<Outcome>> byOperation = kind.getValue().stream().collect(Collectors.groupingBy(
                    o -> o.probe().service() + " | " + o.probe().category() + " | " + operation(o.probe()),
                    LinkedHashMap::new, Collectors.toList()));
            out.append("| service | category | operation | count | example case | HTTP | answer |\n"
                    + "|---|---|---|---|---|---|---|\n");
            byOperation.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, List<Outcome>> e) -> -e.getValue().size()))
                    .forEach(e -> {
                        Outcome example = e.getValue().get(0);
                        out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().size()).append(" | ")
                                .append(cell(example.probe().label())).append(" | ")
                                .append(example.status() == 0 ? "-" : example.status()).append(" | ")
                                .append(cell(Verdict.shorten(example.failure().why(), 220))).append(" |\n");
                    });
            out.append("\nExample requests:\n\n");
            byOperation.values().stream().limit(6).forEach(list -> out.append("    ")
                    .append(list.get(0).probe().describe().replace("\n", " ")).append("\n"));
            out.append("\n");
        }
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    /**
     * The operation or route a probe is about: {@code setPreferences(input = ...)} gives setPreferences; the GraphQL
     * envelopes of one endpoint count as one.
     */
    static String operation(Probe probe) {
        String label = probe.label();
        if (probe.category().equals("graphql envelope")) {
            return "POST /graphql envelope";
        }
        int paren = label.indexOf('(');
        if (paren > 0 && !label.startsWith("GET") && !label.startsWith("POST") && !label.startsWith("PUT")
                && !label.startsWith("DELETE")) {
            return label.substring(0, paren);
        }
        String[] words = label.split(" ");
        return words.length >= 2 && words[1].startsWith("/") ? words[0] + " " + words[1] : label;
    }

    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
