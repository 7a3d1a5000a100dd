package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static io.aspaire.e2e.RunningSuite.url;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.aspaire.e2e.OtlpCollector.ReceivedSpan;

/**
 * Issue 12: one gateway request produces one trace spanning gateway → subgraph → outbox → Kafka → consumer. The suite
 * runs with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local collector ({@link OtlpCollector}); the test sends
 * {@code setPreferences} through the gateway with its own W3C traceparent, so the trace id is known, and waits for
 * that trace to hold: the gateway's server span, its call to user-service, user-service's server span, the Kafka
 * producer span of the PreferencesChanged record (sent later by the outbox relay, yet in the same trace) and
 * job-service's span applying it.
 */
@Order(6)
@ExtendWith(RunningSuite.Started.class)
class TracingTest {

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    /** The gateway's service.name (its quarkus.application.name). */
    static final String GATEWAY = "aspaire-gateway";
    /** The caller's span (this test): the parent of the gateway's server span. */
    static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    void oneGatewayRequestIsOneTraceFromTheGatewayToTheConsumerThatAppliesItsEvent() throws Exception {
        String email = "trace-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> registered = SuiteEndToEndTest.rest("POST", url("user-service") + "/user/register", null,
                Map.of("email", email, "password", "correct horse battery staple", "displayName", "Trace"));
        assertEquals(201, registered.statusCode(), registered.body());
        String userId = JSON.readTree(registered.body()).path("id").asText();
        HttpResponse<String> login = SuiteEndToEndTest.rest("POST", url("user-service") + "/user/login", null,
                Map.of("email", email, "password", "correct horse battery staple"));
        String token = JSON.readTree(login.body()).path("accessToken").asText();

        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        String traceparent = "00-" + traceId + "-" + CLIENT_SPAN + "-01";
        HttpResponse<String> answer = SuiteEndToEndTest.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url("gateway") + "/graphql")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("traceparent", traceparent)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "query", "mutation($u: ID!, $p: PreferencesInput!) { setPreferences(userId: $u, input: $p) "
                                + "{ userId jobTitles } }",
                        "variables", Map.of("u", userId, "p", Map.of("jobTitles", List.of("Tracing Engineer")))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(JSON.readTree(answer.body()).has("errors"), answer.body());

        // spans arrive in export batches: wait for the consumer's span and for every parent to be exported
        try {
            await("the request's trace reaches job-service's consumer, every parent exported")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> complete(RunningSuite.collector.trace(traceId)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the assertions below say what is missing
        }
        List<ReceivedSpan> trace = RunningSuite.collector.trace(traceId);
        System.out.println("[e2e] trace " + traceId + " (" + trace.size() + " spans):\n  " + trace.stream()
                .map(s -> s.service() + " " + s.kind() + " " + s.name()).sorted()
                .collect(Collectors.joining("\n  ")));

        Set<String> services = trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
        assertTrue(services.containsAll(Set.of(GATEWAY, "user-service", "job-service")), "services: " + services);
        assertTrue(has(trace, GATEWAY, "SERVER"), "the gateway's server span");
        assertTrue(has(trace, GATEWAY, "CLIENT"), "the gateway's call to user-service");
        assertTrue(has(trace, "user-service", "SERVER"), "user-service's server span");
        assertTrue(trace.stream().anyMatch(s -> s.service().equals("user-service") && s.kind().equals("SPAN_KIND_PRODUCER")
                && s.name().contains("aspaire.preferences.v1")), "the outbox relay's Kafka producer span, in the trace");
        assertTrue(trace.stream().anyMatch(s -> s.service().equals("job-service") && s.name().contains("apply PreferencesChanged")),
                "job-service applying the event, in the trace");
        // one trace: every span but the gateway's entry hangs off another span of the same trace, and the subgraph's
        // server span is a child of the gateway's client span (not of the caller's span, copied through)
        assertEquals(List.of(), orphans(trace), "spans whose parent is not in the trace");
        Set<String> gatewayClientSpans = trace.stream().filter(s -> s.service().equals(GATEWAY)
                && s.kind().equals("SPAN_KIND_CLIENT")).map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertTrue(trace.stream().filter(s -> s.service().equals("user-service") && s.kind().equals("SPAN_KIND_SERVER"))
                .allMatch(s -> gatewayClientSpans.contains(s.parentSpanId())), "user-service's server span is a child "
                        + "of the gateway's call");
    }

    private static List<ReceivedSpan> orphans(List<ReceivedSpan> trace) {
        Set<String> spanIds = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        return trace.stream().filter(s -> !spanIds.contains(s.parentSpanId())
                && !(s.service().equals(GATEWAY) && s.kind().equals("SPAN_KIND_SERVER")
                        && s.parentSpanId().equals(CLIENT_SPAN))).toList();
    }

    /** Every hop's span has arrived (they come in export batches) and every parent with it. */
    private static boolean complete(List<ReceivedSpan> trace) {
        return has(trace, GATEWAY, "SERVER") && has(trace, GATEWAY, "CLIENT") && has(trace, "user-service", "SERVER")
                && has(trace, "user-service", "PRODUCER") && trace.stream().anyMatch(s -> s.name().contains(
                        "apply PreferencesChanged")) && orphans(trace).isEmpty();
    }

    private static boolean has(List<ReceivedSpan> trace, String service, String kind) {
        return trace.stream().anyMatch(s -> s.service().equals(service) && s.kind().equals("SPAN_KIND_" + kind));
    }
}
