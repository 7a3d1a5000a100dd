package io.aspaire.gateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Latency of the gateway next to a direct subgraph call, on loopback with the stub subgraphs:
 * <ol>
 * <li>direct: the users stub asked directly;</li>
 * <li>gateway, single subgraph: the same query through the gateway (one subgraph request);</li>
 * <li>gateway, cross-subgraph: users → jobs → pipeline → users (four subgraph requests in four levels);</li>
 * <li>gateway, @requires chain: ai → jobs → ai.</li>
 * </ol>
 * Usage: {@code GatewayBenchmark <quarkus-run.jar> [requests=2000] [warmup=500] [concurrency=1]}. Run it through
 * {@code bench/gateway/run.sh}.
 */
public final class GatewayBenchmark {

    private static final String SINGLE = "{ users { id name email } }";
    private static final String CROSS = "{ users { name jobs { title applications { status applicant { name } } } } }";
    private static final String REQUIRES = "{ recommendations(userId: \"u1\") { ... on Job { title summary } ... on Tip { text } } }";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        ObjectMapper json = new ObjectMapper();
        try (BenchEnvironment env = new BenchEnvironment()) {
            String gateway = env.startGateway(jar);
            String direct = env.stubs.get("users").url();
            System.out.printf("%nGateway benchmark: %d requests per scenario after %d warm-up requests, concurrency %d,"
                    + " loopback, stub subgraphs%n%n", requests, warmup, concurrency);
            System.out.printf("%-44s %9s %9s %9s %10s%n", "scenario", "p50 ms", "p99 ms", "mean ms", "req/s");
            run(env, "direct subgraph call (users)", direct, body(json, SINGLE), requests, warmup, concurrency);
            run(env, "gateway, single-subgraph query", gateway, body(json, SINGLE), requests, warmup, concurrency);
            run(env, "gateway, cross-subgraph (4 subgraph calls)", gateway, body(json, CROSS), requests, warmup, concurrency);
            run(env, "gateway, @requires chain (3 subgraph calls)", gateway, body(json, REQUIRES), requests, warmup,
                    concurrency);
        }
    }

    private static String body(ObjectMapper json, String query) throws Exception {
        return json.writeValueAsString(java.util.Map.of("query", query));
    }

    private static void run(BenchEnvironment env, String name, String url, String body, int requests, int warmup,
            int concurrency) throws Exception {
        String first = env.post(url, body);
        if (first.contains("\"errors\"")) {
            throw new IllegalStateException(name + " answered with errors: " + first);
        }
        for (int i = 0; i < warmup; i++) {
            env.post(url, body);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int worker = 0; worker < concurrency; worker++) {
            int share = requests / concurrency + (worker < requests % concurrency ? 1 : 0);
            Callable<long[]> task = () -> {
                long[] latencies = new long[share];
                for (int i = 0; i < share; i++) {
                    long t0 = System.nanoTime();
                    env.post(url, body);
                    latencies[i] = System.nanoTime() - t0;
                }
                return latencies;
            };
            futures.add(pool.submit(task));
        }
        long[] all = new long[requests];
        int n = 0;
        for (Future<long[]> future : futures) {
            long[] part = future.get();
            System.arraycopy(part, 0, all, n, part.length);
            n += part.length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        double mean = Arrays.stream(all).average().orElse(0) / 1e6;
        System.out.printf("%-44s %9.2f %9.2f %9.2f %10.0f%n", name, percentile(all, 50), percentile(all, 99), mean,
                requests / seconds);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
