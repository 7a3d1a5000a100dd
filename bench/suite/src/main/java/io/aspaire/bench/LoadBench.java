package io.aspaire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16's load bench (not a test): {@code LOAD_CLIENTS} (200) concurrent clients hold the suite through the
 * gateway for {@code LOAD_SECONDS} (60 s) on a realistic mix, 70 % reads across the four subgraphs and 30 % writes,
 * after a warm-up of the same mix. Each client is a closed loop (next request when the last one answered) as one of
 * {@code LOAD_USERS} signed-in users. Prints throughput, p50/p99/max per operation, errors (an answer with GraphQL
 * {@code errors}, a non-200 status, a timeout or a broken connection; the goal is 0) with one example each, and each
 * process's CPU (share of one core over the measured window) and RSS (end and peak).
 * <p>
 * The suite is started as {@code bench/run.sh} starts it ({@link Stack}: the launcher's {@code infra}, then the five
 * services as {@code java -jar quarkus-run.jar}), seeded through the public APIs ({@link SuiteBenchmark#seed} plus
 * the load's users, each with a resume and saved jobs).
 */
public final class LoadBench {

    static final int CLIENTS = Integer.parseInt(SuiteBenchmark.env("LOAD_CLIENTS", "200"));
    static final int SECONDS = Integer.parseInt(SuiteBenchmark.env("LOAD_SECONDS", "60"));
    static final int WARMUP = Integer.parseInt(SuiteBenchmark.env("LOAD_WARMUP", "15"));
    static final int USERS = Integer.parseInt(SuiteBenchmark.env("LOAD_USERS", "20"));
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One operation of the mix: its share (percent), whether it writes, and how to build its request. */
    record Operation(String name, int percent, boolean write, String subgraphs, Request request) {
    }

    interface Request {
        String body(Client client);
    }

    /** A signed-in user: token, its saved applications (and their jobs). */
    record Account(String id, String token, List<String> applications, List<String> jobs) {
    }

    /** One client's state: its user and a counter for the stage it moves to next. */
    static final class Client {
        final Account account;
        int moves;

        Client(Account account) {
            this.account = account;
        }

        String anyApplication() {
            return account.applications.get(ThreadLocalRandom.current().nextInt(account.applications.size()));
        }

        String anyJob() {
            return account.jobs.get(ThreadLocalRandom.current().nextInt(account.jobs.size()));
        }
    }

    static final List<Operation> MIX = List.of(
            // reads: 70 %
            new Operation("jobs (first 10)", 18, false, "job", c -> body(
                    "{ jobs(first: 10) { items { id title company location remote } } }", Map.of())),
            new Operation("me + preferences", 12, false, "user", c -> body(
                    "{ me { id email displayName preferences { jobTitles remote } } }", Map.of())),
            new Operation("pipelineJobs", 14, false, "pipeline", c -> body(
                    "query($u: ID!) { pipelineJobs(userId: $u) { totalCount items { id stage jobTitle company } } }",
                    Map.of("u", c.account.id))),
            new Operation("aiSummary", 8, false, "ai", c -> body(
                    "query($j: ID!) { aiSummary(jobId: $j) { summary keyRequirements } }", Map.of("j", c.anyJob()))),
            new Operation("dashboard (4 subgraphs)", 10, false, "user+pipeline+job+ai", c -> body(
                    "query($u: ID!) { me { displayName } pipelineJobs(userId: $u) { items { stage job { title "
                            + "company aiSummary { summary } } } } }", Map.of("u", c.account.id))),
            new Operation("jobNotes", 8, false, "pipeline", c -> body(
                    "query($j: ID!) { jobNotes(jobId: $j) { id content } }", Map.of("j", c.anyJob()))),
            // writes: 30 %
            new Operation("addJobNote", 10, true, "pipeline", c -> body(
                    "mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, content: $c) { id } }",
                    Map.of("j", c.anyJob(), "c", "load note " + UUID.randomUUID()))),
            new Operation("moveApplication", 8, true, "pipeline", c -> body(
                    "mutation($a: ID!, $s: ApplicationStage!) { moveApplication(id: $a, stage: $s) { id stage } }",
                    Map.of("a", c.anyApplication(), "s", c.moves++ % 2 == 0 ? "INTERVIEW" : "APPLIED"))),
            new Operation("setReminder", 7, true, "pipeline", c -> body(
                    "mutation($j: ID!, $d: String!) { setReminder(jobId: $j, datetime: $d, note: \"follow up\") { id } }",
                    Map.of("j", c.anyJob(), "d", OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).toString()))),
            new Operation("createResume", 5, true, "user", c -> body(
                    "mutation($u: ID!, $in: NewResumeInput!) { createResume(userId: $u, input: $in) { id } }",
                    Map.of("u", c.account.id, "in", Map.of("title", "load resume", "text",
                            "Backend engineer: Java 17, Kafka, PostgreSQL. " + UUID.randomUUID())))));

    static String body(String query, Map<String, Object> variables) {
        return Graphql.body(query, variables);
    }

    /** Latencies (microseconds) and errors of one operation. */
    static final class Tally {
        final List<long[]> chunks = new ArrayList<>();
        long[] current = new long[4096];
        int used;
        final AtomicLong errors = new AtomicLong();
        final Map<String, String> errorExamples = new ConcurrentHashMap<>();

        synchronized void add(long micros) {
            if (used == current.length) {
                chunks.add(current);
                current = new long[4096];
                used = 0;
            }
            current[used++] = micros;
        }

        synchronized long[] all() {
            int n = chunks.size() * 4096 + used;
            long[] out = new long[n];
            int i = 0;
            for (long[] c : chunks) {
                System.arraycopy(c, 0, out, i, c.length);
                i += c.length;
            }
            System.arraycopy(current, 0, out, i, used);
            Arrays.sort(out);
            return out;
        }

        void error(String kind, String example) {
            errors.incrementAndGet();
            errorExamples.putIfAbsent(kind, example.length() > 300 ? example.substring(0, 300) : example);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("aspaire-load-");
        SuiteBenchmark suite = new SuiteBenchmark(root, work);
        Runtime.getRuntime().addShutdownHook(new Thread(suite::close, "load-stop"));
        int code = 0;
        try {
            new LoadBench().run(suite);
        } catch (Exception e) {
            System.out.println("[load] FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.println("[load] logs in " + work.resolve("data/logs"));
            code = 1;
        }
        suite.close();
        System.exit(code);
    }

    void run(SuiteBenchmark suite) throws Exception {
        suite.startWireMock();
        Map<String, String> external = new LinkedHashMap<>();
        external.put("REMOTIVE_BASE_URL", "http://localhost:" + suite.wiremock.port());
        external.put("SERPAPI_API_KEY", "");
        external.put("OPENAI_API_KEY", "bench-key");
        external.put("OPENAI_BASE_URL", "http://localhost:" + suite.wiremock.port() + "/v1/");
        external.put("OPENAI_MODEL", SuiteBenchmark.OPENAI_MODEL);
        suite.stack.extraEnv.putAll(external);
        SuiteBenchmark.log("starting the stack (launcher infra + java -jar per service), data " + suite.stack.dataDir);
        suite.stack.start();
        suite.watchProcesses();
        suite.seed(); // preferences, 11 ingested jobs, summaries cached, 5 saved by the seed user
        String gateway = suite.stack.url("gateway") + "/graphql";
        List<String> jobs = suite.jobIds;
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String[] account = suite.register(suite.stack.url("user-service"), "load-" + i);
            List<String> applications = new ArrayList<>();
            for (String job : jobs) {
                applications.add(Graphql.data(gateway, account[1], body("mutation($j: ID!) { saveJob(jobId: $j) "
                        + "{ id } }", Map.of("j", job))).path("saveJob").path("id").asText());
            }
            accounts.add(new Account(account[0], account[1], applications, jobs));
        }
        SuiteBenchmark.log(USERS + " load users signed up, each with " + jobs.size() + " saved jobs");
        // every operation answers without errors before the load
        Client probe = new Client(accounts.get(0));
        for (Operation op : MIX) {
            JsonNode answer = Graphql.post(gateway, probe.account.token, op.request.body(probe));
            SuiteBenchmark.check(!answer.has("errors"), op.name + ": " + answer);
        }
        int total = MIX.stream().mapToInt(Operation::percent).sum();
        SuiteBenchmark.check(total == 100, "the mix adds up to " + total + " %");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        SuiteBenchmark.log(String.format(Locale.ROOT, "warm-up: %d clients for %d s", CLIENTS, WARMUP));
        drive(http, gateway, accounts, WARMUP, null);
        SuiteBenchmark.log(String.format(Locale.ROOT, "measuring: %d clients for %d s", CLIENTS, SECONDS));
        Map<String, Double> cpuStart = suite.cpu.sample();
        Map<String, Double> peakRss = new ConcurrentHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread rssSampler = new Thread(() -> {
            while (sampling.get()) {
                rss(suite).forEach((name, mb) -> peakRss.merge(name, mb, Math::max));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        rssSampler.setDaemon(true);
        rssSampler.start();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        MIX.forEach(op -> tallies.put(op.name, new Tally()));
        long started = System.nanoTime();
        drive(http, gateway, accounts, SECONDS, tallies);
        double wall = (System.nanoTime() - started) / 1e9;
        Map<String, Double> cpu = suite.cpu.since(cpuStart);
        sampling.set(false);
        Map<String, Double> rssEnd = rss(suite);
        print(tallies, wall, cpu, rssEnd, peakRss);
    }

    /** {@link #CLIENTS} closed-loop clients for {@code seconds}; records into {@code tallies} unless null. */
    void drive(HttpClient http, String gateway, List<Account> accounts, int seconds, Map<String, Tally> tallies)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client(accounts.get(i % accounts.size()));
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Operation op = pick();
                    long t0 = System.nanoTime();
                    String failure = send(http, gateway, client, op);
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (tallies != null) {
                        Tally tally = tallies.get(op.name);
                        tally.add(micros);
                        if (failure != null) {
                            tally.error(failure.substring(0, Math.max(0, failure.indexOf(':'))), failure);
                        }
                    }
                }
            }, "load-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TIMEOUT.toMillis() + Duration.ofSeconds(seconds).toMillis() + 10_000);
        }
    }

    static Operation pick() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        for (Operation op : MIX) {
            roll -= op.percent;
            if (roll < 0) {
                return op;
            }
        }
        return MIX.get(MIX.size() - 1);
    }

    /** Sends one request; null when it answered 200 without errors, else what went wrong ("kind: detail"). */
    static String send(HttpClient http, String gateway, Client client, Operation op) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + client.account.token)
                    .POST(HttpRequest.BodyPublishers.ofString(op.request.body(client))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode() + ": " + response.body();
            }
            JsonNode answer = Graphql.JSON.readTree(response.body());
            if (answer.has("errors")) {
                return "GraphQL error " + answer.path("errors").path(0).path("extensions").path("code").asText()
                        + ": " + answer.path("errors").path(0).path("message").asText();
            }
            return null;
        } catch (java.net.http.HttpTimeoutException e) {
            return "timeout: no answer in " + TIMEOUT.toSeconds() + " s";
        } catch (Exception e) {
            return "connection: " + e;
        }
    }

    static Map<String, Double> rss(SuiteBenchmark suite) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String module : List.of("gateway", "user-service", "job-service", "pipeline-service", "ai-service")) {
            out.put(module, ProcCpu.rssMb(suite.stack.pid(module)));
        }
        out.put("kafka broker", ProcCpu.rssMb(suite.stack.kafkaPid()));
        long postmaster = suite.stack.postmasterPid();
        double pg = ProcCpu.rssMb(postmaster);
        pg += ProcessHandle.of(postmaster).map(h -> h.descendants().mapToDouble(d -> {
            double mb = ProcCpu.rssMb(d.pid());
            return Double.isNaN(mb) ? 0 : mb;
        }).sum()).orElse(0.0);
        out.put("postgresql (all backends)", pg);
        out.put("launcher (+ mongo-java-server)", ProcCpu.rssMb(suite.stack.launcherPid()));
        out.put("this bench JVM (WireMock, Kafka consumer)", ProcCpu.rssMb(ProcessHandle.current().pid()));
        return out;
    }

    static void print(Map<String, Tally> tallies, double wall, Map<String, Double> cpu, Map<String, Double> rssEnd,
            Map<String, Double> peakRss) {
        StringBuilder out = new StringBuilder();
        long requests = 0;
        long errors = 0;
        long reads = 0;
        long writes = 0;
        out.append(String.format(Locale.ROOT, "%n== load: %d clients through the gateway for %.0f s (warm-up %d s), "
                + "%d users; %s, %d cores ==%n", CLIENTS, wall, WARMUP, USERS, Instant.now(),
                Runtime.getRuntime().availableProcessors()));
        out.append(String.format(Locale.ROOT, "%-26s %6s %-22s %9s %8s %9s %9s %9s %7s%n", "operation", "mix",
                "subgraphs", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"));
        for (Operation op : MIX) {
            Tally t = tallies.get(op.name);
            long[] all = t.all();
            requests += all.length;
            errors += t.errors.get();
            if (op.write) {
                writes += all.length;
            } else {
                reads += all.length;
            }
            out.append(String.format(Locale.ROOT, "%-26s %5d%% %-22s %9d %8.1f %9.1f %9.1f %9.1f %7d%n", op.name,
                    op.percent, (op.write ? "W " : "R ") + op.subgraphs, all.length, all.length / wall,
                    percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1000.0,
                    t.errors.get()));
        }
        long[] every = tallies.values().stream().flatMapToLong(t -> Arrays.stream(t.all())).sorted().toArray();
        out.append(String.format(Locale.ROOT, "%-26s %6s %-22s %9d %8.1f %9.1f %9.1f %9.1f %7d%n", "all", "100%",
                String.format(Locale.ROOT, "R %.0f%% / W %.0f%%", 100.0 * reads / Math.max(1, requests),
                        100.0 * writes / Math.max(1, requests)),
                requests, requests / wall, percentile(every, 50), percentile(every, 99),
                every.length == 0 ? 0 : every[every.length - 1] / 1000.0, errors));
        out.append(String.format(Locale.ROOT, "errors: %d of %d requests (goal: 0)%n", errors, requests));
        tallies.forEach((name, t) -> t.errorExamples.forEach((kind, example) -> out.append("  ").append(name)
                .append(" ").append(kind).append(": ").append(example).append('\n')));
        out.append(String.format(Locale.ROOT, "%n%-44s %12s %10s %10s %10s%n", "process", "CPU s", "CPU %",
                "RSS MB", "peak MB"));
        double totalCpu = 0;
        for (Map.Entry<String, Double> e : cpu.entrySet()) {
            if (Double.isNaN(e.getValue())) {
                continue; // not running (Apollo Gateway is not started by this bench)
            }
            totalCpu += e.getValue();
            out.append(String.format(Locale.ROOT, "%-44s %12.1f %9.0f%% %10.0f %10.0f%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / wall, rssEnd.getOrDefault(e.getKey(), Double.NaN),
                    peakRss.getOrDefault(e.getKey(), Double.NaN)));
        }
        out.append(String.format(Locale.ROOT, "%-44s %12.1f %9.0f%%   (of %d00%% on this machine)%n", "all",
                totalCpu, 100 * totalCpu / wall, Runtime.getRuntime().availableProcessors()));
        System.out.print(out);
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
