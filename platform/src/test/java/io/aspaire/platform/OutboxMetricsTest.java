package io.aspaire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.postgresql.PostgresOutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The suite's own meters on {@code /q/metrics} (docs/observability.md), against real PostgreSQL and Kafka: the
 * backlog gauges rise while the relay is paused and fall after, the published and consumed counters count the events.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OutboxMetricsTest {

    static final int EVENTS = 7;
    static final Duration GAUGE_WAIT = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Outbox outbox;
    @Inject
    PostgresOutboxRelay relay;
    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void backlogRisesWhileTheRelayIsPausedAndFallsAfter() throws Throwable {
        relay.pause();
        try {
            await("backlog 0 before").atMost(GAUGE_WAIT).until(() -> value("aspaire_outbox_backlog") == 0);
            double published = value("aspaire_outbox_published_total", "type=\"ProbeCounted\"");
            for (int i = 0; i < EVENTS; i++) {
                String id = UUID.randomUUID().toString();
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> outbox.publish(OutboxTest.TOPIC, "ProbeCounted", id, Map.of("name", "counted"))));
            }
            await("the backlog gauge counts the waiting events").atMost(GAUGE_WAIT)
                    .until(() -> value("aspaire_outbox_backlog") == EVENTS);
            await("the oldest waiting event ages").atMost(GAUGE_WAIT)
                    .until(() -> value("aspaire_outbox_oldest_age_seconds") > 0);
            assertEquals(published, value("aspaire_outbox_published_total", "type=\"ProbeCounted\""));

            relay.resume();
            await("the backlog gauge falls to 0").atMost(GAUGE_WAIT)
                    .until(() -> value("aspaire_outbox_backlog") == 0 && value("aspaire_outbox_oldest_age_seconds") == 0);
            assertEquals(published + EVENTS, value("aspaire_outbox_published_total", "type=\"ProbeCounted\""));
            // the probe consumer applies them through the inbox: counted per type and outcome
            await("consumed and applied").atMost(GAUGE_WAIT).until(() -> value("aspaire_events_consumed_total",
                    "consumer=\"probe-consumer\"", "type=\"ProbeCounted\"", "outcome=\"applied\"") >= EVENTS);
            String all = scrape();
            assertTrue(all.contains("application=\"platform-test\""), "every meter has the application tag");
            assertTrue(all.contains("aspaire_outbox_relay_delay_seconds_bucket"), "the relay delay histogram");
            assertTrue(all.contains("jvm_memory_used_bytes"), "JVM metrics"); // HTTP server ones: see the e2e MetricsTest
            assertTrue(all.lines().anyMatch(l -> l.startsWith("kafka_producer_") || l.startsWith("kafka_consumer_")),
                    "Kafka client metrics");
        } finally {
            relay.resume();
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}\\s+(\\S+)");

    /** The sum of the samples of {@code family} whose labels contain every fragment (0 when none). */
    private double value(String family, String... labels) throws Exception {
        double sum = 0;
        for (String line : scrape().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(family)
                    && java.util.Arrays.stream(labels).allMatch(m.group(2)::contains)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }
}
