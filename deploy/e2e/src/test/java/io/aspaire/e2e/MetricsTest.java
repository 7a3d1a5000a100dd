package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static io.aspaire.e2e.RunningSuite.dataDir;
import static io.aspaire.e2e.RunningSuite.url;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, observability: every running service answers {@code /q/metrics} with Quarkus's HTTP server, JVM and
 * Kafka client metrics and the suite's own (docs/observability.md), and the outbox backlog gauge follows the relay:
 * with user-service's relay paused ({@code POST /admin/outbox/relay/pause}, as an administrator) the sign-ups' events
 * pile up and {@code aspaire_outbox_backlog} and {@code aspaire_outbox_oldest_age_seconds} rise; resumed, they fall
 * back to 0 and the events are counted as published.
 */
@Order(4)
@ExtendWith(RunningSuite.Started.class)
class MetricsTest {

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    static final List<String> SERVICES_WITH_OUTBOX = List.of("user-service", "job-service", "pipeline-service",
            "ai-service");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The gauges' snapshot is refreshed every 5 s: wait a few refreshes. */
    static final Duration GAUGE_WAIT = Duration.ofSeconds(30);
    static final int SIGN_UPS = 5;

    @Test
    void everyServiceServesQuarkusAndSuiteMetrics() throws Exception {
        for (String service : SERVICES_WITH_OUTBOX) {
            String store = service.equals("ai-service") ? "mongodb" : "postgresql";
            // one application request first: /q/* calls are not counted, and a service ServiceRestartTest has just
            // restarted may have served nothing else yet
            HTTP.send(HttpRequest.newBuilder(URI.create(url(service) + "/graphql")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String metrics = scrape(service);
            String app = "application=\"" + service + "\"";
            for (String family : List.of("http_server_requests_seconds_count", "jvm_memory_used_bytes",
                    "aspaire_outbox_backlog", "aspaire_outbox_oldest_age_seconds")) {
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith(family + "{") && l.contains(app)),
                        service + " /q/metrics has no " + family + "{" + app + "...}");
            }
            assertTrue(value(metrics, "aspaire_outbox_backlog", app, "store=\"" + store + "\"").isPresent(),
                    service + ": backlog gauge of store " + store);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_producer_") || l.startsWith("kafka_consumer_")),
                    service + " /q/metrics has no Kafka client metrics");
        }
    }

    @Test
    void theOutboxBacklogRisesWhileTheRelayIsPausedAndFallsAfter() throws Exception {
        String admin = adminToken();
        String relay = url("user-service") + "/admin/outbox/relay";
        assertEquals(200, post(relay + "/pause", admin).statusCode());
        List<String> emails = new ArrayList<>();
        try {
            await("user-service's backlog gauge at 0 before").atMost(GAUGE_WAIT)
                    .until(() -> backlog("user-service") == 0); // nothing left from the journey's sign-ups
            double publishedBefore = published("user-service");
            for (int i = 0; i < SIGN_UPS; i++) { // each commits a UserRegistered in user-service's outbox
                String email = "metrics-" + UUID.randomUUID() + "@example.com";
                emails.add(email);
                HttpResponse<String> registered = SuiteEndToEndTest.rest("POST", url("user-service") + "/user/register",
                        null, Map.of("email", email, "password", "correct horse battery staple", "displayName", "M"));
                assertEquals(201, registered.statusCode(), registered.body());
            }
            await("the backlog gauge counts the " + SIGN_UPS + " waiting events").atMost(GAUGE_WAIT)
                    .pollInterval(Duration.ofMillis(500)).until(() -> backlog("user-service") >= SIGN_UPS);
            await("the oldest waiting event ages").atMost(GAUGE_WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> oldestAge("user-service") > 0);
            assertEquals(publishedBefore, published("user-service"), "nothing is published while paused");
            System.out.println("[e2e] paused relay: backlog " + backlog("user-service") + ", oldest "
                    + oldestAge("user-service") + " s");

            assertEquals(200, post(relay + "/resume", admin).statusCode());
            await("the backlog gauge falls back to 0").atMost(GAUGE_WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> backlog("user-service") == 0 && oldestAge("user-service") == 0);
            await("the events are counted as published").atMost(GAUGE_WAIT)
                    .until(() -> published("user-service") >= publishedBefore + SIGN_UPS);
            // and consumed downstream: job-service's inbox counts UserRegistered records (not pipeline-service's:
            // ServiceRestartTest has just killed it, and its new consumer waits for the dead member's session to expire
            // before it gets the partition back)
            await("consumers count what they took").atMost(GAUGE_WAIT).until(() -> value(scrape("job-service"),
                    "aspaire_events_consumed_total", "type=\"UserRegistered\"").orElse(0) > 0);
            System.out.println("[e2e] resumed relay: backlog " + backlog("user-service") + ", published "
                    + published("user-service"));
        } finally {
            post(relay + "/resume", admin);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static double backlog(String service) throws Exception {
        return value(scrape(service), "aspaire_outbox_backlog", "application=\"" + service + "\"").orElseThrow();
    }

    private static double oldestAge(String service) throws Exception {
        return value(scrape(service), "aspaire_outbox_oldest_age_seconds", "application=\"" + service + "\"")
                .orElseThrow();
    }

    private static double published(String service) throws Exception {
        return sum(scrape(service), "aspaire_outbox_published_total", "topic=\"aspaire.users.v1\"");
    }

    static String scrape(String service) throws Exception {
        return scrapeAt(url(service));
    }

    /** {@code /q/metrics} of the instance at {@code base} (e.g. one started by a test besides the suite's). */
    static String scrapeAt(String base) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), base + " /q/metrics");
        return response.body();
    }

    /**
     * Open subscriptions of one field ({@code reminderDue}, {@code applicationChanged}) on the pipeline-service instance
     * at {@code base}: its {@code aspaire_live_subscriptions} gauge. Tests wait on it instead of sleeping after a
     * subscribe (the gateway forwards the subscribe to the subgraph asynchronously; nothing acknowledges it).
     */
    static int openSubscriptions(String base, String field) throws Exception {
        return (int) value(scrapeAt(base), "aspaire_live_subscriptions", "subscription=\"" + field + "\"")
                .orElseThrow(() -> new AssertionError(base + " /q/metrics has no aspaire_live_subscriptions{subscription=\""
                        + field + "\"}"));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}\\s+(\\S+)");

    /** The value of the first sample of {@code family} whose labels contain every fragment. */
    static OptionalDouble value(String metrics, String family, String... labels) {
        return samples(metrics, family, labels).stream().mapToDouble(Double::doubleValue).findFirst();
    }

    static double sum(String metrics, String family, String... labels) {
        return samples(metrics, family, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> samples(String metrics, String family, String... labels) {
        List<Double> values = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(family) && List.of(labels).stream().allMatch(m.group(2)::contains)) {
                values.add(Double.parseDouble(m.group(3)));
            }
        }
        return values;
    }

    private static HttpResponse<String> post(String url, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An operator's token: group {@code admin}, signed with the suite's key (the launcher's data folder holds the pair
     * it generated), issuer and audience as user-service issues them. The services verify against that key's PEM.
     */
    static String adminToken() throws Exception {
        String pem = Files.readString(dataDir.resolve("keys/jwt-private.pem"));
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        long now = Instant.now().getEpochSecond();
        String subject = UUID.randomUUID().toString();
        String header = JSON.writeValueAsString(Map.of("alg", "RS256", "typ", "JWT"));
        String payload = JSON.writeValueAsString(Map.of("iss", "https://aspaire.io", "aud", "aspaire", "sub", subject,
                "upn", subject, "groups", List.of("admin", "user"), "iat", now - 5, "exp", now + 600,
                "jti", UUID.randomUUID().toString()));
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(signature.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
