package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.graphql;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.aspaire.gateway.GatewayTestSupport.setMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Prometheus metrics at /q/metrics: HTTP server, JVM, and the gateway's requests and subgraph fetches. */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayMetricsTest {

    private static final String FETCHES = "aspaire_gateway_subgraph_fetch_seconds_count";
    private static final String REQUESTS = "aspaire_gateway_requests_seconds_count";

    @BeforeEach
    void ready() {
        awaitFullyComposed();
        resetStubs();
    }

    @Test
    void everySubgraphCallOfAFederatedQueryIsTimedPerSubgraph() {
        String before = scrape();
        // users (root) -> jobs (_entities) -> pipeline (_entities); ai is not involved
        graphql("{ users { name jobs { title applications { status } } } }").then().statusCode(200)
                .body("errors", equalTo(null));
        String after = scrape();

        for (String subgraph : new String[] { "users", "jobs", "pipeline" }) {
            String series = FETCHES + labels("outcome", "success", "subgraph", subgraph);
            assertEquals(count(before, series) + 1, count(after, series), () -> series + " after one federated query");
        }
        String ai = FETCHES + labels("outcome", "success", "subgraph", "ai");
        assertEquals(count(before, ai), count(after, ai), "the ai subgraph was not called");
        String requests = REQUESTS + labels("operation", "query", "outcome", "success");
        assertEquals(count(before, requests) + 1, count(after, requests), requests);
        // the latency histogram behind the timer, for percentiles per subgraph
        assertTrue(after.contains("aspaire_gateway_subgraph_fetch_seconds_bucket{"), "no histogram buckets");
        // Quarkus's own binders: HTTP server and JVM
        assertTrue(after.contains("http_server_requests_seconds_count{") && after.contains("uri=\"/graphql\""),
                "no HTTP server metrics for /graphql");
        assertTrue(after.contains("jvm_memory_used_bytes{"), "no JVM metrics");
    }

    @Test
    void failedFetchesAndPartialAnswersAreCountedAsSuch() {
        String before = scrape();
        setMode("ai", "DOWN");
        try {
            graphql("{ jobs { title summary } }").then().statusCode(200).body("errors[0].extensions.code",
                    equalTo("SUBGRAPH_REQUEST_FAILED"));
        } finally {
            setMode("ai", "UP");
        }
        graphql("{ users { nope } }").then().statusCode(200); // a validation error: nothing is fetched
        String after = scrape();

        String failed = FETCHES + labels("outcome", "failed", "subgraph", "ai");
        assertEquals(count(before, failed) + 1, count(after, failed), failed);
        String jobs = FETCHES + labels("outcome", "success", "subgraph", "jobs");
        assertEquals(count(before, jobs) + 1, count(after, jobs), jobs);
        String partial = REQUESTS + labels("operation", "query", "outcome", "partial");
        assertEquals(count(before, partial) + 1, count(after, partial), partial);
        String rejected = REQUESTS + labels("operation", "query", "outcome", "rejected");
        assertEquals(count(before, rejected) + 1, count(after, rejected), rejected);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A series' labels as Prometheus prints them: sorted, starting with the application tag every meter has. */
    private static String labels(String... pairs) {
        StringBuilder sb = new StringBuilder("{application=\"aspaire-gateway\"");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(',').append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    /** The value of one series (0 when absent); Prometheus sorts labels by name, as {@link #labels} expects. */
    private static double count(String scrape, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
