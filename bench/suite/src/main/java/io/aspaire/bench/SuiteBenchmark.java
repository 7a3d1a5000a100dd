package io.aspaire.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Issue 11's table in one run: the suite started by README command (a)'s launcher, seeded through its public APIs
 * (WireMock plays Remotive and the OpenAI API, as in deploy/e2e), each figure measured with wrk next to its reference
 * in the same run, and CPU seconds per process. Run it with {@code bench/run.sh}; see bench/README.md.
 * <p>
 * Arguments: repository root, the output of bench/jobs/run.sh (ingestion vs COPY; "-" when it was not run).
 */
public final class SuiteBenchmark {

    static final int SECONDS = Integer.parseInt(env("BENCH_SECONDS", "10"));
    static final int WARMUP = Integer.parseInt(env("BENCH_WARMUP", "3"));
    /** Seconds of load on each side of a comparison through the same services before either side is measured. */
    static final int PAIR_WARMUP = Integer.parseInt(env("BENCH_PAIR_WARMUP", "10"));
    /**
     * A warm-up goes on, in 3 s steps, until the services' JIT compilers used less than this share of one core in the
     * last step (or {@code WARMUP_MAX} seconds): on a slow machine C2 otherwise compiles a query's path during its
     * measured run, and a ratio compares a compiling JVM with a compiled one (findings.md, session 8, goal 1 item 2).
     */
    static final double JIT_SETTLED = Double.parseDouble(env("BENCH_JIT_SETTLED", "0.1"));
    static final int WARMUP_MAX = Integer.parseInt(env("BENCH_WARMUP_MAX", "30"));
    static final int CONNECTIONS = Integer.parseInt(env("BENCH_CONNECTIONS", "8"));
    static final int LISTINGS = Integer.parseInt(env("BENCH_LISTINGS", "100000"));
    /** Issue 14's fan-out line: users x subscriptions each (one graphql-ws connection per subscription), rounds. */
    static final int SUBSCRIPTION_USERS = Integer.parseInt(env("BENCH_SUBSCRIPTION_USERS", "100"));
    static final int SUBSCRIPTIONS_PER_USER = Integer.parseInt(env("BENCH_SUBSCRIPTIONS_PER_USER", "10"));
    static final int SUBSCRIPTION_ROUNDS = Integer.parseInt(env("BENCH_SUBSCRIPTION_ROUNDS", "5"));
    /**
     * The parts to measure (comma-separated; default all): ratios, gateway, three, events, subscriptions, ingestion,
     * fulltext, alone. One part alone still starts and seeds the whole stack (e.g. on a machine shared with builds).
     */
    static final java.util.Set<String> PARTS = java.util.Set.of(env("BENCH_PARTS", "all").split("\\s*,\\s*"));
    static final int EVENTS_PER_SECOND = 100;
    static final String OPENAI_MODEL = "gpt-bench";
    static final String SUMMARY = "Senior backend role building event-driven Java services.";

    static final String[] WORDS = {"kotlin", "java", "golang", "python", "rust", "platform", "data", "backend",
            "frontend", "mobile", "security", "cloud", "devops", "ml", "payments", "search"};
    static final String[] PLACES = {"Berlin, Germany", "Austin, TX", "Lisbon, Portugal", "Remote", "Paris, France",
            "Toronto, Canada", "Zürich, Switzerland"};
    static final String[] TYPES = {"FULL_TIME", "CONTRACT", "PART_TIME", "FREELANCE"};

    // the operations of the table
    static final String JOBS = "{ jobs(first: 5) { items { id title company } } }";
    static final String TYPENAME = "{ __typename }";
    static final String ME = "{ me { id email displayName } }";
    static final String PIPELINE_PART = "query($u: ID!) { pipelineJobs(userId: $u) { items { stage jobId } } }";
    static final String THREE_SUBGRAPHS = "query($u: ID!) { pipelineJobs(userId: $u) { items { stage "
            + "job { title company aiSummary { summary } } } } }";
    static final String AI_ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) "
            + "{ ... on Job { aiSummary { summary } } } }";
    static final String JOB_ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) "
            + "{ ... on Job { id title company } } }";

    final Path root;
    final Path work;
    final Stack stack;
    final Wrk wrk;
    final ProcCpu cpu = new ProcCpu();
    final List<Row> rows = new ArrayList<>();
    final Map<String, Wrk.Result> measured = new LinkedHashMap<>();
    final Map<String, Map<String, Double>> cpuPerScenario = new LinkedHashMap<>();
    final Map<Wrk.Result, String> keys = new java.util.IdentityHashMap<>();
    /** JIT compiler CPU seconds of the five services during each measured run. */
    final Map<String, Double> jitPerScenario = new LinkedHashMap<>();
    WireMockServer wiremock;
    Process apollo;
    /** nginx in front of job-service: goal 2's ceiling (a proxy that does no GraphQL work); null without nginx. */
    Process proxy;
    String apolloUrl;
    String token;
    String userId;
    List<String> jobIds;

    /** One line of the table: a figure next to its reference and what they make together. */
    record Row(String goal, String what, String figure, String reference, String result) {
    }

    SuiteBenchmark(Path root, Path work) throws IOException {
        this.root = root;
        this.work = work;
        Files.createDirectories(work);
        this.wrk = new Wrk(work);
        Map<String, String> extraEnv = new LinkedHashMap<>();
        this.stack = new Stack(root, work.resolve("data"), !"up".equals(env("BENCH_STACK", "deploy")), extraEnv);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path jobsReport = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        Path work = Files.createTempDirectory("aspaire-bench-");
        SuiteBenchmark bench = new SuiteBenchmark(root, work);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::close, "bench-stop"));
        long t0 = System.nanoTime();
        int code = 0;
        try {
            bench.run(jobsReport);
        } catch (Exception e) {
            System.out.println("[bench] FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.println("[bench] logs in " + work.resolve("data/logs"));
            bench.printTable(System.out); // what was measured before the failure
            code = 1;
        }
        System.out.printf(Locale.ROOT, "[bench] measured in %.0f s (plus the build)%n", (System.nanoTime() - t0) / 1e9);
        bench.close();
        System.exit(code);
    }

    void run(Path jobsReport) throws Exception {
        startWireMock();
        Map<String, String> external = new LinkedHashMap<>();
        external.put("REMOTIVE_BASE_URL", "http://localhost:" + wiremock.port());
        external.put("SERPAPI_API_KEY", "");
        external.put("OPENAI_API_KEY", "bench-key");
        external.put("OPENAI_BASE_URL", "http://localhost:" + wiremock.port() + "/v1/");
        external.put("OPENAI_MODEL", OPENAI_MODEL);
        stack.extraEnv.putAll(external);
        log("starting the stack (" + (stack.deployMode ? "launcher infra + java -jar per service" : "launcher up")
                + "), data " + stack.dataDir);
        stack.start();
        log("stack up: " + stack.urls);
        watchProcesses();
        seed();
        if (part("gateway") || part("three")) {
            startApollo();
        }

        Map<String, Double> cpuStart = cpu.sample();
        long measureStart = System.nanoTime();
        if (part("ratios")) {
            subgraphRatios();
        }
        if (part("gateway")) {
            gatewayVsDirect();
        }
        if (part("three")) {
            threeSubgraphs();
        }
        if (part("events")) {
            events();
        }
        if (part("subscriptions")) {
            try {
                subscriptions();
            } catch (Exception e) { // one line lost, not the table
                log("subscriptions fan-out failed: " + e);
                rows.add(new Row("14", "subscriptions fan-out", "FAILED", "-", String.valueOf(e.getMessage())));
            }
        }
        if (part("ingestion")) {
            ingestion(jobsReport);
        }
        if (part("fulltext")) {
            fullTextAt100k();
        }
        Map<String, Double> cpuTotal = cpu.since(cpuStart);
        double wall = (System.nanoTime() - measureStart) / 1e9;
        if (part("alone")) {
            startAndStopAlone();
        }

        printTable(System.out);
        printCpu(System.out, cpuTotal, wall);
    }

    // ------------------------------------------------------------------------------------------------------------
    // set-up
    // ------------------------------------------------------------------------------------------------------------

    void startWireMock() throws Exception {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        wiremock.start();
        // Remotive's recorded format; 11 listings, as in the issue's first measurement
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", 3300001 + i);
            job.put("url", "https://remotive.com/remote-jobs/software-dev/bench-" + i);
            job.put("title", "Bench " + WORDS[i % WORDS.length] + " engineer " + i);
            job.put("company_name", "Bench Company " + i);
            job.put("company_logo", null);
            job.put("category", "Software Development");
            job.put("tags", List.of(WORDS[i % WORDS.length], "java"));
            job.put("job_type", "full_time");
            job.put("publication_date", "2026-02-0" + (1 + i % 9) + "T09:15:00");
            job.put("candidate_required_location", "Worldwide");
            job.put("salary", "$120k - $150k");
            job.put("description", "<p>Build <b>reliable</b> services in " + WORDS[i % WORDS.length] + ".</p>");
            jobs.add(job);
        }
        Map<String, Object> remotive = new LinkedHashMap<>();
        remotive.put("job-count", jobs.size());
        remotive.put("total-job-count", jobs.size());
        remotive.put("jobs", jobs);
        wiremock.stubFor(get(urlPathEqualTo("/api/remote-jobs")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(Graphql.JSON.writeValueAsString(remotive))));
        String content = Graphql.JSON.writeValueAsString(Map.of("summary", SUMMARY, "keyRequirements",
                List.of("Java 17", "Kafka")));
        String completion = Graphql.JSON.writeValueAsString(Map.of(
                "id", "chatcmpl-bench", "object", "chat.completion", "created", 1_700_000_000, "model", OPENAI_MODEL,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 120, "completion_tokens", 40, "total_tokens", 160)));
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("JOB_SUMMARY"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(completion)));
    }

    void watchProcesses() {
        for (String module : List.of("gateway", "user-service", "job-service", "pipeline-service", "ai-service")) {
            cpu.watch(module, () -> stack.pid(module), false);
        }
        cpu.watch("kafka broker", stack::kafkaPid, false);
        cpu.watch("postgresql (all backends)", stack::postmasterPid, true);
        cpu.watch("launcher (+ mongo-java-server)",
                stack::launcherPid, false);
        cpu.watch("apollo gateway (node)", () -> apollo != null && apollo.isAlive() ? apollo.pid() : -1, false);
        cpu.watch("nginx (master + workers)", () -> proxy != null && proxy.isAlive() ? proxy.pid() : -1, true);
        cpu.watch("this bench JVM (WireMock, Kafka consumer)", () -> ProcessHandle.current().pid(), false);
    }

    /** A user with preferences, 11 ingested jobs, 5 of them saved and summarised; everything through the APIs. */
    void seed() throws Exception {
        long t = System.nanoTime();
        String user = stack.url("user-service");
        String[] account = register(user, "bench");
        userId = account[0];
        token = account[1];
        Map<String, Object> preferences = new LinkedHashMap<>();
        preferences.put("jobTitles", List.of("Backend Engineer"));
        preferences.put("locations", List.of());
        preferences.put("skills", List.of("Java", "Kafka"));
        preferences.put("remote", "YES");
        preferences.put("jobTypes", List.of("FULL_TIME"));
        preferences.put("notifications", Map.of("email", false, "reminders", true));
        preferences.put("pageSize", 20);
        HttpResponse<String> saved = Graphql.rest("PUT", user + "/preferences", token, preferences);
        check(saved.statusCode() == 200, "preferences: " + saved.body());
        String gateway = stack.url("gateway") + "/graphql";
        awaitTrue("job-service's search queries", Duration.ofSeconds(60), () -> Graphql.data(gateway, token,
                Graphql.body("query($u: ID) { searchQueries(userId: $u) { query } }", Map.of("u", userId)))
                .path("searchQueries").size() > 0);
        JsonNode report = Graphql.data(gateway, token, Graphql.body("mutation { ingestDailyJobs { queries "
                + "sources { source status created } } }", null));
        log("ingestion: " + report.path("ingestDailyJobs").path("sources"));
        awaitTrue("11 jobs", Duration.ofSeconds(30), () -> Graphql.data(gateway, token,
                Graphql.body("{ jobs(first: 50) { items { id } } }", null)).path("jobs").path("items").size() >= 11);
        jobIds = new ArrayList<>();
        Graphql.data(gateway, token, Graphql.body(JOBS, null)).path("jobs").path("items")
                .forEach(j -> jobIds.add(j.path("id").asText()));
        check(jobIds.size() == 5, "jobs(first: 5) gave " + jobIds);
        for (String jobId : jobIds) {
            Graphql.data(gateway, token, Graphql.body("mutation($j: ID!) { saveJob(jobId: $j) { id } }",
                    Map.of("j", jobId)));
        }
        // ai-service's read model gets the jobs from aspaire.jobs.v1; the first aiSummary generates and caches
        String ai = stack.url("ai-service") + "/graphql";
        for (String jobId : jobIds) {
            awaitTrue("ai-service's summary of " + jobId, Duration.ofSeconds(90), () -> {
                JsonNode answer = Graphql.post(ai, token, Graphql.body("query($id: ID!) { aiSummary(jobId: $id) "
                        + "{ summary } }", Map.of("id", jobId)));
                return !answer.has("errors") && SUMMARY.equals(answer.path("data").path("aiSummary")
                        .path("summary").asText());
            });
        }
        awaitTrue("pipeline-service's job snapshots", Duration.ofSeconds(60), () -> {
            JsonNode items = Graphql.data(stack.url("pipeline-service") + "/graphql", token, Graphql.body(
                    "query($u: ID!) { pipelineJobs(userId: $u) { items { jobTitle } } }", Map.of("u", userId)))
                    .path("pipelineJobs").path("items");
            boolean all = items.size() == 5;
            for (JsonNode item : items) {
                all &= !item.path("jobTitle").isNull();
            }
            return all;
        });
        // every operation of the table answers without errors before it is measured
        JsonNode three = Graphql.data(gateway, token, Graphql.body(THREE_SUBGRAPHS, Map.of("u", userId)));
        check(three.path("pipelineJobs").path("items").size() == 5 && SUMMARY.equals(three.path("pipelineJobs")
                .path("items").get(0).path("job").path("aiSummary").path("summary").asText()),
                "three-subgraph query: " + three);
        JsonNode entities = Graphql.data(ai, token, Graphql.body(AI_ENTITIES, Map.of("r", representations())));
        check(entities.path("_entities").size() == 5 && SUMMARY.equals(entities.path("_entities").get(4)
                .path("aiSummary").path("summary").asText()), "ai _entities: " + entities);
        log(String.format(Locale.ROOT, "seeded in %.1f s: user %s, jobs %s", (System.nanoTime() - t) / 1e9, userId,
                jobIds));
    }

    /** Registers and logs in a fresh user; {id, access token}. */
    String[] register(String user, String name) throws Exception {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery staple";
        HttpResponse<String> registered = Graphql.rest("POST", user + "/user/register", null,
                Map.of("email", email, "password", password, "displayName", "Bench " + name));
        check(registered.statusCode() == 201, "register: " + registered.body());
        HttpResponse<String> login = Graphql.rest("POST", user + "/user/login", null,
                Map.of("email", email, "password", password));
        check(login.statusCode() == 200, "login: " + login.body());
        JsonNode tokens = Graphql.JSON.readTree(login.body());
        return new String[] {tokens.path("user").path("id").asText(), tokens.path("accessToken").asText()};
    }

    List<Map<String, String>> representations() {
        List<Map<String, String>> r = new ArrayList<>();
        jobIds.forEach(id -> r.add(Map.of("__typename", "Job", "id", id)));
        return r;
    }

    /** Apollo Gateway 2.14 (npm, gateway/src/test/oracle's node_modules) over the same four running subgraphs. */
    void startApollo() throws Exception {
        Path oracle = root.resolve("gateway/src/test/oracle");
        if (!Files.isDirectory(oracle.resolve("node_modules/@apollo/gateway"))) {
            log("no " + oracle.resolve("node_modules") + ": Apollo Gateway lines skipped (bench/run.sh runs npm ci)");
            return;
        }
        Path script = root.resolve("bench/suite/apollo-gateway-forwarding.js");
        int port = Stack.freePort();
        List<Map<String, String>> subgraphs = new ArrayList<>();
        Map<String, String> names = Map.of("user-service", "users", "job-service", "jobs", "pipeline-service",
                "pipeline", "ai-service", "ai");
        for (String module : Stack.SUBGRAPHS) {
            subgraphs.add(Map.of("name", names.get(module), "url", stack.url(module) + "/graphql"));
        }
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).directory(oracle.toFile())
                .redirectErrorStream(true);
        node.environment().put("SUBGRAPHS", Graphql.JSON.writeValueAsString(subgraphs));
        node.environment().put("PORT", Integer.toString(port));
        node.environment().put("ORACLE_DIR", oracle.toString());
        node.environment().put("NODE_ENV", "production");
        apollo = node.start();
        stack.track(apollo);
        BufferedReader out = new BufferedReader(new InputStreamReader(apollo.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("APOLLO GATEWAY READY")) {
                break;
            }
        }
        check(line != null, "Apollo Gateway did not start:\n" + seen);
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // gone
            }
        }, "apollo-output");
        drain.setDaemon(true);
        drain.start();
        apolloUrl = "http://127.0.0.1:" + port + "/";
        JsonNode three = Graphql.data(apolloUrl, token, Graphql.body(THREE_SUBGRAPHS, Map.of("u", userId)));
        check(SUMMARY.equals(three.path("pipelineJobs").path("items").get(0).path("job").path("aiSummary")
                .path("summary").asText()), "Apollo three-subgraph query: " + three);
        log("Apollo Gateway " + apolloVersion(oracle) + " on " + apolloUrl);
    }

    static String apolloVersion(Path oracle) {
        try {
            return Graphql.JSON.readTree(oracle.resolve("node_modules/@apollo/gateway/package.json").toFile())
                    .path("version").asText();
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the measurements
    // ------------------------------------------------------------------------------------------------------------

    /** wrk after a warm-up; the result is kept under {@code key} with the CPU each process used during it. */
    Wrk.Result load(String key, String url, List<String> bodies, int connections) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bodies != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        warmUp(url, bodies, headers, connections, WARMUP);
        Map<String, Double> before = cpu.sample();
        Map<Long, Double> jitBefore = jitSample();
        Wrk.Result r = wrk.run(url, bodies, headers, connections, SECONDS);
        double jit = ProcCpu.jitSecondsBetween(jitBefore, jitSample());
        Map<String, Double> used = cpu.since(before);
        used.put("wrk", r.wrkCpuSeconds());
        cpuPerScenario.put(key, used);
        jitPerScenario.put(key, jit);
        measured.put(key, r);
        keys.put(r, key);
        log(String.format(Locale.ROOT, "%-44s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms  errors %d  "
                + "suite CPU %.2f ms/req  JIT %.2f s", key, r.rate(), r.p50(), r.p99(), r.max(), r.errors(), cpuPerRequest(r),
                jit));
        return r;
    }

    /**
     * CPU milliseconds the suite's processes (services, broker, PostgreSQL, launcher/Mongo, Apollo's node; not wrk nor
     * this JVM) spent per request during a run: less sensitive than req/s to other work on a shared machine.
     */
    double cpuPerRequest(Wrk.Result r) {
        Map<String, Double> used = cpuPerScenario.get(keys.get(r));
        if (used == null || r.requests() == 0) {
            return Double.NaN;
        }
        double seconds = used.entrySet().stream().filter(e -> !e.getKey().equals("wrk")
                && !e.getKey().startsWith("this bench") && !Double.isNaN(e.getValue()))
                .mapToDouble(Map.Entry::getValue).sum();
        return seconds * 1000 / r.requests();
    }

    /**
     * Warms both sides of a comparison that run through the same services before either is measured: otherwise the
     * side measured first pays the services' JIT warm-up for both (findings.md, session 6: our gateway's three-subgraph
     * run measured first gave 205 req/s at 9.5 suite CPU ms/req, the same run repeated after Apollo's 568 req/s at
     * 3.35), and {@link #load}'s own {@code WARMUP} seconds are too short for a query the services have not seen.
     */
    void warmBoth(List<String> bodies, String... endpoints) throws Exception {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
        for (String endpoint : endpoints) {
            warmUp(endpoint, bodies, headers, CONNECTIONS, PAIR_WARMUP);
        }
    }

    /**
     * wrk load of the scenario in 3 s steps: at least {@code atLeast} seconds, then until the services' JIT compilers
     * used under {@code JIT_SETTLED} of a core in the last step, at most {@code WARMUP_MAX} seconds. A machine 2-3x
     * slower needs far longer to compile the same path (findings.md, session 8), so a fixed warm-up is too short there
     * and wasted on a fast one.
     */
    void warmUp(String url, List<String> bodies, Map<String, String> headers, int connections, int atLeast)
            throws Exception {
        int step = 3;
        int seconds = 0;
        double lastJit;
        do {
            Map<Long, Double> before = jitSample();
            wrk.run(url, bodies, headers, connections, step);
            lastJit = ProcCpu.jitSecondsBetween(before, jitSample());
            seconds += step;
        } while (seconds < WARMUP_MAX && (seconds < atLeast || lastJit > JIT_SETTLED * step));
        log(String.format(Locale.ROOT, "  warm-up %s: %d s, JIT %.2f s in its last %d s%s", url, seconds, lastJit,
                step, lastJit > JIT_SETTLED * step ? " (not settled: WARMUP_MAX reached)" : ""));
    }

    /** The JIT compiler threads' CPU seconds of the five services, by thread id. */
    Map<Long, Double> jitSample() {
        Map<Long, Double> all = new LinkedHashMap<>();
        for (String module : List.of("gateway", "user-service", "job-service", "pipeline-service", "ai-service")) {
            all.putAll(ProcCpu.compilerThreads(stack.pid(module)));
        }
        return all;
    }

    /**
     * A query and its reference through the same service, both warmed before either is measured (the query first
     * would otherwise pay the JIT of the GraphQL path its reference then gets for free).
     */
    Wrk.Result[] measuredPair(String base, String keyA, String queryA, Map<String, Object> variablesA, String keyB,
            String queryB, Map<String, Object> variablesB) throws Exception {
        String endpoint = base.endsWith("/") ? base : base + "/graphql";
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
        warmUp(endpoint, List.of(Graphql.body(queryA, variablesA)), headers, CONNECTIONS, PAIR_WARMUP);
        warmUp(endpoint, List.of(Graphql.body(queryB, variablesB)), headers, CONNECTIONS, PAIR_WARMUP);
        return new Wrk.Result[] {graphql(keyA, base, queryA, variablesA, CONNECTIONS),
                graphql(keyB, base, queryB, variablesB, CONNECTIONS)};
    }

    Wrk.Result graphql(String key, String base, String query, Map<String, Object> variables, int connections)
            throws Exception {
        String endpoint = base.endsWith("/") ? base : base + "/graphql";
        String body = Graphql.body(query, variables);
        Graphql.data(endpoint, token, body); // answers without errors before it is measured
        Wrk.Result r = load(key, endpoint, List.of(body), connections);
        Graphql.data(endpoint, token, body); // and still after
        return r;
    }

    void subgraphRatios() throws Exception {
        String job = stack.url("job-service");
        Wrk.Result[] jobPair = measuredPair(job, "job-service jobs(first:5)", JOBS, null,
                "job-service { __typename }", TYPENAME, null);
        Wrk.Result jobs = jobPair[0];
        Wrk.Result jobTypename = jobPair[1];
        Wrk.Result live = load("job-service /q/health/live", job + "/q/health/live", null, CONNECTIONS);
        ratio("1", "job-service jobs(first:5) vs its { __typename }", jobs, jobTypename, 0.5);
        ratio("", "job-service jobs(first:5) vs its /q/health/live", jobs, live, Double.NaN);

        String pipeline = stack.url("pipeline-service");
        Wrk.Result[] pipelinePair = measuredPair(pipeline, "pipeline-service pipelineJobs", PIPELINE_PART,
                Map.of("u", userId), "pipeline-service { __typename }", TYPENAME, null);
        Wrk.Result pipelineJobs = pipelinePair[0];
        Wrk.Result pipelineTypename = pipelinePair[1];
        ratio("1", "pipeline-service pipelineJobs (5 items) vs its { __typename }", pipelineJobs, pipelineTypename,
                0.5);

        String user = stack.url("user-service");
        Wrk.Result[] userPair = measuredPair(user, "user-service me", ME, null, "user-service { __typename }",
                TYPENAME, null);
        Wrk.Result me = userPair[0];
        Wrk.Result userTypename = userPair[1];
        ratio("1", "user-service me vs its { __typename }", me, userTypename, 0.5);

        String ai = stack.url("ai-service");
        Wrk.Result[] aiPair = measuredPair(ai, "ai-service _entities (5 Jobs, aiSummary)", AI_ENTITIES,
                Map.of("r", representations()), "ai-service { __typename }", TYPENAME, null);
        Wrk.Result aiEntities = aiPair[0];
        Wrk.Result aiTypename = aiPair[1];
        Wrk.Result jobEntities = graphql("job-service _entities (5 Jobs)", job, JOB_ENTITIES,
                Map.of("r", representations()), CONNECTIONS);
        ratio("1", "ai-service _entities 5 Jobs aiSummary (cached) vs its { __typename }", aiEntities, aiTypename,
                0.5);
        ratio("", "ai-service _entities 5 Jobs aiSummary vs job-service _entities same 5 Jobs", aiEntities,
                jobEntities, Double.NaN);
    }

    void gatewayVsDirect() throws Exception {
        Wrk.Result direct = measured.get("job-service jobs(first:5)");
        Wrk.Result viaGateway = graphql("gateway jobs(first:5)", stack.url("gateway"), JOBS, null, CONNECTIONS);
        ratio("2", "gateway jobs(first:5) vs job-service direct, " + CONNECTIONS + " conn.", viaGateway, direct, 0.8);
        Wrk.Result gateway1 = graphql("gateway jobs(first:5), 1 connection", stack.url("gateway"), JOBS, null, 1);
        Wrk.Result direct1 = graphql("job-service jobs(first:5), 1 connection", stack.url("job-service"), JOBS,
                null, 1);
        double added = gateway1.p50() - direct1.p50();
        rows.add(new Row("2", "gateway p50 added, 1 connection (gateway - direct)",
                String.format(Locale.ROOT, "p50 %.2f ms", gateway1.p50()),
                String.format(Locale.ROOT, "direct p50 %.2f ms", direct1.p50()),
                String.format(Locale.ROOT, "+%.2f ms %s", added, verdict(added <= 1.0))));
        if (apolloUrl != null) {
            Wrk.Result apolloJobs = graphql("Apollo Gateway jobs(first:5)", apolloUrl, JOBS, null, CONNECTIONS);
            ratio("", "gateway jobs(first:5) vs Apollo Gateway, same subgraphs", viaGateway, apolloJobs, Double.NaN);
        }
        String proxyUrl = startReferenceProxy(stack.url("job-service"));
        if (proxyUrl != null) {
            Wrk.Result viaProxy = graphql("nginx -> job-service jobs(first:5)", proxyUrl, JOBS, null, CONNECTIONS);
            ratio("", "nginx reverse proxy (no GraphQL work) jobs(first:5) vs job-service direct", viaProxy, direct,
                    Double.NaN);
        }
    }

    /**
     * nginx as a plain HTTP reverse proxy to {@code upstream} (keep-alive connections to it, no logging, as many
     * workers as cores), to measure what a hop costs on this machine when it does nothing but forward: the ceiling
     * of goal 2's gateway/direct ratio, since any gateway also receives the request and makes a second one. It
     * stays up, idle, until the stack stops (the CPU table reads it at the end). Null (line skipped) when there is
     * no nginx (bench/run.sh installs it as it installs wrk).
     */
    String startReferenceProxy(String upstream) throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx)) {
            log("no /usr/sbin/nginx: the reverse-proxy reference line is skipped");
            return null;
        }
        Path dir = Files.createDirectories(stack.dataDir.resolve("nginx"));
        int port = Stack.freePort();
        URI target = URI.create(upstream);
        String conf = String.join("\n",
                "worker_processes auto;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi; uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;",
                "  upstream subgraph { server " + target.getHost() + ":" + target.getPort() + "; keepalive 32; }",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      proxy_pass http://subgraph; proxy_http_version 1.1; proxy_set_header Connection \"\";",
                "    }",
                "  }",
                "}", "");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        proxy = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", file.toString(), "-g",
                "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        stack.track(proxy);
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                check(proxy.isAlive() && System.nanoTime() < deadline, "nginx did not start: "
                        + Files.readString(dir.resolve("stdout.log")));
                Thread.sleep(50);
            }
        }
        log("nginx reverse proxy on " + url + " -> " + upstream);
        return url;
    }

    void threeSubgraphs() throws Exception {
        List<String> body = List.of(Graphql.body(THREE_SUBGRAPHS, Map.of("u", userId)));
        if (apolloUrl != null) {
            warmBoth(body, stack.url("gateway") + "/graphql", apolloUrl.endsWith("/") ? apolloUrl
                    : apolloUrl + "/graphql");
        }
        Wrk.Result ours = graphql("gateway pipelineJobs->job->aiSummary", stack.url("gateway"), THREE_SUBGRAPHS,
                Map.of("u", userId), CONNECTIONS);
        if (apolloUrl != null) {
            Wrk.Result apolloThree = graphql("Apollo Gateway pipelineJobs->job->aiSummary", apolloUrl,
                    THREE_SUBGRAPHS, Map.of("u", userId), CONNECTIONS);
            ratio("3", "gateway 3-subgraph pipelineJobs->job->aiSummary vs Apollo Gateway", ours, apolloThree, 2.0);
        }
        rows.add(new Row("3", "gateway 3-subgraph p99, " + CONNECTIONS + " connections", fmtP(ours),
                measured.containsKey("Apollo Gateway pipelineJobs->job->aiSummary")
                        ? "Apollo " + fmtP(measured.get("Apollo Gateway pipelineJobs->job->aiSummary")) : "-",
                String.format(Locale.ROOT, "p99 %.1f ms %s", ours.p99(), verdict(ours.p99() <= 50))));
        ratio("", "gateway 3-subgraph vs pipeline-service alone for its part", ours,
                measured.get("pipeline-service pipelineJobs"), Double.NaN);
    }

    void events() throws Exception {
        String[] account = register(stack.url("user-service"), "events");
        EventLatency latency = new EventLatency(stack.kafka());
        Map<String, Double> before = cpu.sample();
        EventLatency.Result service = latency.saveJob(stack.url("pipeline-service") + "/graphql", account[1],
                EVENTS_PER_SECOND, 2, SECONDS);
        cpuPerScenario.put("saveJob -> aspaire.applications.v1", cpu.since(before));
        EventLatency.Result plain = latency.plainProduce(EVENTS_PER_SECOND, 2, SECONDS);
        log(String.format(Locale.ROOT, "event latency saveJob: %s; plain produce: %s", service, plain));
        rows.add(new Row("4", "event commit -> broker, saveJob at " + EVENTS_PER_SECOND + "/s (" + service.seen()
                + "/" + service.sent() + " seen)", fmtLatency(service),
                "plain produce " + fmtLatency(plain),
                String.format(Locale.ROOT, "p99 %.1f ms %s", service.p99(), verdict(service.p99() <= 50
                        && service.seen() == service.sent()))));
    }

    static boolean part(String name) {
        return PARTS.contains("all") || PARTS.contains(name);
    }

    /**
     * Issue 14: {@code SUBSCRIPTION_USERS} users each holding {@code SUBSCRIPTIONS_PER_USER} applicationChanged
     * subscriptions on the gateway (1,000 by default), then every user's application moved {@code SUBSCRIPTION_ROUNDS}
     * times through the gateway: each move's answer to each of its user's subscribers' {@code next}.
     */
    void subscriptions() throws Exception {
        long t = System.nanoTime();
        List<SubscriptionFanOut.Subscriber> users = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> seeding = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTION_USERS; i++) {
                seeding.add(pool.submit(() -> {
                    String[] account = null;
                    for (int attempt = 1; account == null; attempt++) {
                        try {
                            account = register(stack.url("user-service"), "fanout");
                        } catch (IllegalStateException e) {
                            // user-service's bounded bcrypt pool answers UNAVAILABLE when busy: retry as it asks
                            if (attempt >= 30 || !String.valueOf(e.getMessage()).contains("UNAVAILABLE")) {
                                throw e;
                            }
                            Thread.sleep(1000);
                        }
                    }
                    String applicationId = Graphql.data(stack.url("gateway") + "/graphql", account[1], Graphql.body(
                            "mutation($j: ID!) { saveJob(jobId: $j) { id } }", Map.of("j", jobIds.get(0))))
                            .path("saveJob").path("id").asText();
                    users.add(new SubscriptionFanOut.Subscriber(account[0], account[1], applicationId));
                    return null;
                }));
            }
            for (Future<?> f : seeding) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        log(String.format(Locale.ROOT, "%d fan-out users seeded in %.1f s", users.size(), (System.nanoTime() - t) / 1e9));
        Map<String, Double> before = cpu.sample();
        SubscriptionFanOut.Result r = new SubscriptionFanOut(stack.url("gateway")).run(users, SUBSCRIPTIONS_PER_USER,
                SUBSCRIPTION_ROUNDS, stack.pid("gateway"), stack.url("pipeline-service"));
        cpuPerScenario.put("subscriptions fan-out", cpu.since(before));
        log(String.format(Locale.ROOT, "fan-out: %d subscriptions, %d registered at pipeline-service after %.1f s; "
                + "%d/%d delivered; p50 %.1f p99 %.1f max %.1f ms; gateway RSS %.0f -> %.0f MB; %d moves failed",
                r.subscriptions(), r.registered(), r.openSeconds(), r.delivered(), r.expected(), r.p50(), r.p99(),
                r.max(), r.rssBeforeMb(), r.rssWithMb(), r.failedMoves()));
        rows.add(new Row("14", String.format(Locale.ROOT, "%,d subscriptions on one gateway (%d users x %d, "
                + "graphql-ws), %d moves: move's answer -> each subscriber's next", r.subscriptions(), users.size(),
                SUBSCRIPTIONS_PER_USER, r.events()),
                String.format(Locale.ROOT, "p50 %.1f p99 %.1f max %.1f ms", r.p50(), r.p99(), r.max()),
                String.format(Locale.ROOT, "gateway RSS %.0f MB before, %.0f MB with them open", r.rssBeforeMb(),
                        r.rssWithMb()),
                String.format(Locale.ROOT, "%d/%d delivered%s%s", r.delivered(), r.expected(),
                        r.registered() < r.subscriptions() ? ", only " + r.registered() + " subscriptions reached "
                                + "pipeline-service" : "",
                        r.failedMoves() > 0 ? ", " + r.failedMoves() + " moves failed" : "")));
    }

    static final Pattern UPSERT = Pattern.compile("service upsert path\\s*:\\s*([0-9.]+) s\\s+([0-9]+) listings/s");
    static final Pattern COPY = Pattern.compile("plain COPY\\s*:\\s*([0-9.]+) s\\s+([0-9]+) listings/s");
    static final Pattern COLD = Pattern.compile("cold JVM \\(warm-up\\)\\s*:\\s*([0-9.]+) s\\s+([0-9]+) listings/s\\s+\\(([0-9]+) ");

    void ingestion(Path report) throws IOException {
        if (report == null || !Files.exists(report)) {
            rows.add(new Row("5", "ingestion with dedup vs plain COPY (bench/jobs)", "not run", "-", "-"));
            return;
        }
        String text = Files.readString(report);
        Matcher upsert = UPSERT.matcher(text);
        Matcher copy = COPY.matcher(text);
        if (!upsert.find() || !copy.find()) {
            rows.add(new Row("5", "ingestion with dedup vs plain COPY (bench/jobs)", "FAILED (see "
                    + report + ")", "-", "-"));
            return;
        }
        double service = Double.parseDouble(upsert.group(2));
        double plain = Double.parseDouble(copy.group(2));
        Matcher n = Pattern.compile("benchmark \\(([0-9]+) generated").matcher(text);
        rows.add(new Row("5", "ingestion with dedup vs plain COPY, " + (n.find() ? n.group(1) : "?")
                + " listings (bench/jobs)", String.format(Locale.ROOT, "%.0f listings/s", service),
                String.format(Locale.ROOT, "COPY %.0f listings/s", plain),
                String.format(Locale.ROOT, "%.3fx %s", service / plain, verdict(service / plain >= 0.5))));
        Matcher cold = COLD.matcher(text);
        if (cold.find()) { // the same path in a JVM that has not compiled it yet: bench/jobs' warm-up, shown apart
            double rate = Double.parseDouble(cold.group(2));
            rows.add(new Row("", "ingestion, cold JVM (bench/jobs' warm-up: its first " + cold.group(3)
                    + " listings)", String.format(Locale.ROOT, "%.0f listings/s", rate),
                    String.format(Locale.ROOT, "COPY %.0f listings/s", plain),
                    String.format(Locale.ROOT, "%.3fx", rate / plain)));
        }
    }

    /**
     * {@code LISTINGS} generated listings COPYed into the running job-service's job_listings (the same rows and
     * columns as bench/jobs; a benchmark's seeding, not a service path), then full-text {@code jobs} through the
     * gateway and straight to job-service, 8 connections, 16 different search texts in turn.
     */
    void fullTextAt100k() throws Exception {
        long t = System.nanoTime();
        int copied = copyListings(LISTINGS);
        log(String.format(Locale.ROOT, "COPY of %d listings into job-service's database: %.1f s", copied,
                (System.nanoTime() - t) / 1e9));
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(Graphql.body("{ jobs(first: 20, filter: { text: \"" + WORDS[i] + " " + WORDS[(i * 7 + 3) % 16]
                    + "\" }) { items { id title company } } }", null));
        }
        String gateway = stack.url("gateway") + "/graphql";
        JsonNode sample = Graphql.data(gateway, token, bodies.get(0));
        check(sample.path("jobs").path("items").size() == 20, "full-text answer: " + sample);
        warmBoth(bodies, gateway, stack.url("job-service") + "/graphql");
        Wrk.Result viaGateway = load("gateway jobs full-text @" + LISTINGS, gateway, bodies, CONNECTIONS);
        Wrk.Result direct = load("job-service jobs full-text @" + LISTINGS, stack.url("job-service") + "/graphql",
                bodies, CONNECTIONS);
        rows.add(new Row("5", "jobs full-text at " + LISTINGS + " listings via gateway, " + CONNECTIONS + " conn.",
                fmtP(viaGateway), "direct " + fmtP(direct),
                String.format(Locale.ROOT, "p99 %.1f ms %s", viaGateway.p99(), verdict(viaGateway.p99() <= 20))));
    }

    int copyListings(int n) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        StringBuilder csv = new StringBuilder(n * 600);
        for (int i = 0; i < n; i++) {
            String a = WORDS[i % WORDS.length];
            String b = WORDS[(i / WORDS.length) % WORDS.length];
            String title = "Senior " + a + " " + b + " engineer " + run + "-" + i;
            String company = "Company " + (i % 5000);
            String place = PLACES[i % PLACES.length];
            boolean remote = place.equals("Remote");
            long min = 40_000 + (i % 150) * 1_000L;
            String id = UUID.randomUUID().toString();
            String posted = now.minus(Duration.ofMinutes(i)).toString();
            row(csv, id, i % 2 == 0 ? "REMOTIVE" : "SERPAPI", "bench-" + run + "-" + i, id,
                    sha256(title + "|" + company + "|" + place + "|" + remote), title, company, place,
                    String.valueOf(remote), TYPES[i % TYPES.length], Long.toString(min), Long.toString(min + 30_000),
                    "USD", "YEAR", "$" + min + " a year",
                    "We are looking for a " + a + " engineer to build " + b + " systems. Responsibilities include "
                            + "design, code review, on-call and mentoring. Benefits: health, remote budget.",
                    "<p>We are looking for a " + a + " engineer.</p>", "[\"" + a + "\",\"" + b + "\"]", "[]", "[]",
                    "https://jobs.example/" + run + "/" + i, posted, posted, now.toString(), now.toString(),
                    sha256(title), "{\"i\":" + i + "}");
        }
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("jobs"), stack.dbUser(),
                stack.dbPassword()); Statement s = c.createStatement()) {
            long rows = new CopyManager(c.unwrap(BaseConnection.class)).copyIn("copy job_listings (id, source, "
                    + "external_id, canonical_id, fingerprint, title, company, location, remote, job_type, salary_min, "
                    + "salary_max, salary_currency, salary_period, salary_text, description, description_html, tags, "
                    + "highlights, apply_links, apply_url, posted_at, sort_at, first_seen, last_seen, content_hash, "
                    + "raw) from stdin (format csv)", new StringReader(csv.toString()));
            s.execute("analyze job_listings"); // what autovacuum does soon after a bulk load
            return (int) rows;
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void row(StringBuilder csv, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append('"').append(values[i].replace("\"", "\"\"")).append('"');
        }
        csv.append('\n');
    }

    /**
     * job-service started alone, as a deployment runs it, on the running infrastructure (beside the suite's
     * job-service): spawn → /q/health/ready, 10,000 requests, RSS, SIGTERM → exit. The gateway the same way, as the
     * reference of a Quarkus service of this suite without a database.
     */
    void startAndStopAlone() throws Exception {
        Alone job = alone("job-service", JOBS, Map.of());
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        Stack.SUBGRAPHS.forEach(m -> gatewayEnv.put(Stack.GATEWAY_URL_VARIABLES.get(m), stack.url(m) + "/graphql"));
        // the reference's 10,000 requests are { __typename }: its start, stop and RSS are the point, not its load
        Alone gateway = alone("gateway", TYPENAME, gatewayEnv);
        rows.add(new Row("6", "job-service alone (java -jar): start / stop", job.startStop(),
                "gateway alone " + gateway.startStop(),
                String.format(Locale.ROOT, "%s", verdict(job.startSeconds <= 3 && job.stopSeconds <= 3))));
        rows.add(new Row("6", "job-service RSS after 10,000 jobs(first:5)", String.format(Locale.ROOT, "%.0f MB",
                job.rssMb), String.format(Locale.ROOT, "gateway %.0f MB (10,000 { __typename })", gateway.rssMb),
                verdict(job.rssMb <= 200)));
    }

    record Alone(double startSeconds, String quarkusStarted, double stopSeconds, double rssMb, int errors) {
        String startStop() {
            return String.format(Locale.ROOT, "%.1f s / %.1f s%s", startSeconds, stopSeconds,
                    quarkusStarted == null ? "" : " (Quarkus: " + quarkusStarted + ")");
        }
    }

    Alone alone(String module, String query, Map<String, String> env) throws Exception {
        int port = Stack.freePort();
        Path log = stack.dataDir.resolve("logs/bench-alone-" + module + ".log");
        long t0 = System.nanoTime();
        // as a pod runs it: the Deployment's JVM options and the memory its container limit gives the JVM
        List<String> jvmOptions = stack.deploymentJvmOptions(module);
        log(module + " alone with the deployment's JVM options " + jvmOptions);
        for (String option : jvmOptions) {
            // a missing archive does not stop the JVM (-Xshare:auto) but it then runs without any CDS: say so
            if (option.startsWith("-XX:SharedArchiveFile=")
                    && !Files.exists(Path.of(option.substring("-XX:SharedArchiveFile=".length())))) {
                log("WARNING: " + option + " is missing (built without -Dquarkus.package.jar.appcds.enabled=true?):"
                        + " " + module + " starts without class data sharing");
            }
        }
        Process process = stack.spawn(module, module + "-alone", port, env, log, jvmOptions);
        String url = "http://localhost:" + port;
        Stack.awaitReady(module, process, url, Duration.ofSeconds(120));
        double start = (System.nanoTime() - t0) / 1e9;
        String endpoint = url + "/graphql";
        String body = Graphql.body(query, null);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger left = new AtomicInteger(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            done.add(pool.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                while (left.getAndDecrement() > 0) {
                    try {
                        HttpResponse<String> r = Graphql.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double rss = ProcCpu.rssMb(process.pid());
        long t1 = System.nanoTime();
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        double stop = (System.nanoTime() - t1) / 1e9;
        String started = null;
        Matcher m = Pattern.compile("started in ([0-9.]+s)").matcher(Files.readString(log));
        if (m.find()) {
            started = m.group(1);
        }
        Alone a = new Alone(start, started, stop, rss, errors.get());
        log(module + " alone: " + a);
        return a;
    }

    // ------------------------------------------------------------------------------------------------------------
    // the table
    // ------------------------------------------------------------------------------------------------------------

    void ratio(String goal, String what, Wrk.Result figure, Wrk.Result reference, double atLeast) {
        if (figure == null || reference == null) {
            return;
        }
        double ratio = figure.rate() / reference.rate();
        // the same ratio from CPU cost per request: what the throughput ratio would be if CPU were the only limit
        double byCpu = cpuPerRequest(reference) / cpuPerRequest(figure);
        rows.add(new Row(goal, what, fmt(figure), fmt(reference), String.format(Locale.ROOT, "%.2fx (by CPU %.2fx) %s",
                ratio, byCpu, Double.isNaN(atLeast) ? "" : verdict(ratio >= atLeast) + " (goal >= " + atLeast + "x)")));
    }

    static String verdict(boolean met) {
        return met ? "[goal met]" : "[goal NOT met]";
    }

    static String fmt(Wrk.Result r) {
        return String.format(Locale.ROOT, "%.0f req/s p50 %.1f ms%s", r.rate(), r.p50(),
                r.errors() > 0 ? " ERR " + r.errors() : "");
    }

    static String fmtP(Wrk.Result r) {
        return String.format(Locale.ROOT, "%.0f req/s p50 %.1f p99 %.1f ms%s", r.rate(), r.p50(), r.p99(),
                r.errors() > 0 ? " ERR " + r.errors() : "");
    }

    static String fmtLatency(EventLatency.Result r) {
        return String.format(Locale.ROOT, "p50 %.1f p99 %.1f max %.1f ms", r.p50(), r.p99(), r.max());
    }

    synchronized void printTable(PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "=== AspAIre benchmark: issue 11's table (%s; wrk %d connections, %d s after a "
                + "warm-up of >= %d s until the JIT used < %.0f %% of a core, <= %d s; services %s) ===%n",
                Instant.now().toString().substring(0, 19) + "Z", CONNECTIONS, SECONDS, WARMUP, JIT_SETTLED * 100,
                WARMUP_MAX, stack.deployMode ? "java -jar with the Deployment's JVM options (jvm.env + -XX:MaxRAM=its memory limit)"
                        : "as the launcher's up starts them");
        int w1 = 4, w2 = 0, w3 = 0, w4 = 0;
        for (Row r : rows) {
            w2 = Math.max(w2, r.what().length());
            w3 = Math.max(w3, r.figure().length());
            w4 = Math.max(w4, r.reference().length());
        }
        String format = "%-" + w1 + "s %-" + w2 + "s | %-" + w3 + "s | %-" + w4 + "s | %s%n";
        out.printf(format, "goal", "what", "figure", "reference (same run)", "result");
        out.println("-".repeat(w1 + w2 + w3 + w4 + 30));
        for (Row r : rows) {
            out.printf(format, r.goal(), r.what(), r.figure(), r.reference(), r.result());
        }
        out.println("(\"by CPU\": the same ratio from the suite's CPU ms per request in each run, i.e. what it would be "
                + "if CPU were the only limit; steadier than req/s when other work shares the machine)");
        out.println();
        out.println("all wrk runs (req/s, latency ms, suite CPU ms per request, the services' JIT compiler CPU s and "
                + "CPU s of the busiest processes during the run):");
        measured.forEach((key, r) -> {
            StringBuilder busy = new StringBuilder();
            cpuPerScenario.getOrDefault(key, Map.of()).entrySet().stream()
                    .filter(e -> !Double.isNaN(e.getValue()) && e.getValue() >= 0.5)
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> busy.append(String.format(Locale.ROOT, " %s %.1f", shortName(e.getKey()),
                            e.getValue())));
            out.printf(Locale.ROOT, "  %-46s %7.0f req/s  p50 %6.2f  p99 %7.2f  max %7.1f  err %d  CPU %6.2f ms/req"
                    + "  JIT %4.1f s  |%s%n", key, r.rate(), r.p50(), r.p99(), r.max(), r.errors(), cpuPerRequest(r),
                    jitPerScenario.getOrDefault(key, Double.NaN), busy);
        });
    }

    static String shortName(String process) {
        return process.replaceAll(" \\(.*", "").replace("this bench JVM", "bench").replace(" broker", "");
    }

    void printCpu(PrintStream out, Map<String, Double> total, double wall) {
        out.println();
        out.printf(Locale.ROOT, "CPU seconds per process over the measurement (%.0f s wall, 2 cores = %.0f CPU s "
                + "available):%n", wall, wall * Runtime.getRuntime().availableProcessors());
        double wrkTotal = cpuPerScenario.values().stream().mapToDouble(m -> m.getOrDefault("wrk", 0.0)).sum();
        total.forEach((name, seconds) -> out.printf(Locale.ROOT, "  %-44s %8.1f%n", name, seconds));
        out.printf(Locale.ROOT, "  %-44s %8.1f  (measured runs only)%n", "wrk", wrkTotal);
        if (!stack.suiteStartSeconds.isEmpty()) {
            StringBuilder s = new StringBuilder("suite start (four subgraphs together, then the gateway), spawn -> "
                    + "ready:");
            stack.suiteStartSeconds.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s %.1f s", k, v)));
            out.println(s);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    void close() {
        stack.close();
        if (wiremock != null) {
            wiremock.stop();
            wiremock = null;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void awaitTrue(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out waiting for " + what + (last == null ? "" : ": " + last));
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static final long STARTED = System.nanoTime();

    static void log(String message) {
        System.out.printf(Locale.ROOT, "[bench %4.0fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
