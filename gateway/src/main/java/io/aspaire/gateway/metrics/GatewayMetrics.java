package io.aspaire.gateway.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's own metrics, next to Quarkus's HTTP server and JVM metrics at {@code /q/metrics}:
 * <ul>
 * <li>{@code aspaire_gateway_requests_seconds{operation, outcome}}: GraphQL requests by operation type
 * ({@code query}, {@code mutation}, {@code unknown} when the request was refused before an operation was chosen) and
 * outcome ({@code success}, {@code partial} = data with errors, {@code rejected} = parse/validation/limit error,
 * {@code bad_request}, {@code unauthenticated}, {@code unavailable}, {@code internal_error});</li>
 * <li>{@code aspaire_gateway_subgraph_fetch_seconds{subgraph, outcome}}: every request of a query plan to a
 * subgraph ({@code success}, {@code errors} = GraphQL errors in the answer, {@code unauthorized},
 * {@code failed} = no GraphQL answer: down, timeout, not JSON), with a histogram for latency percentiles.</li>
 * </ul>
 * Timers are looked up once per tag combination: recording is a map read and an atomic add.
 */
@ApplicationScoped
public class GatewayMetrics {

    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> fetchTimers = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void requestCompleted(String operation, String outcome, long nanos) {
        requestTimers.computeIfAbsent(operation + '|' + outcome, key -> Timer.builder("aspaire.gateway.requests")
                .description("GraphQL requests answered by the gateway, by operation type and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void subgraphFetched(String subgraph, String outcome, long nanos) {
        fetchTimers.computeIfAbsent(subgraph + '|' + outcome, key -> Timer.builder("aspaire.gateway.subgraph.fetch")
                .description("Requests of query plans to subgraphs, by subgraph and outcome")
                .tag("subgraph", subgraph).tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
