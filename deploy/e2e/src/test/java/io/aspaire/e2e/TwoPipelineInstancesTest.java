package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.dataDir;
import static io.aspaire.e2e.RunningSuite.output;
import static io.aspaire.e2e.RunningSuite.root;
import static io.aspaire.e2e.RunningSuite.url;
import static io.aspaire.e2e.SuiteEndToEndTest.data;
import static io.aspaire.e2e.SuiteEndToEndTest.graphql;
import static io.aspaire.e2e.SuiteEndToEndTest.rest;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two instances of pipeline-service on one database and broker, each behind a gateway: the suite's (which fires
 * reminders) and a second one started here with its scheduler paused ({@code ASPAIRE_REMINDERS_ENABLED=false}), behind a
 * second gateway. A reminder fired by the first reaches the owner's subscription on both, so a client gets its event
 * whichever instance fired it and whichever instance holds its WebSocket.
 */
@Order(2)
@ExtendWith(RunningSuite.Started.class)
class TwoPipelineInstancesTest {

    private static final Pattern ADDRESS = Pattern.compile("(?:on|at) ([A-Za-z0-9.-]+):(\\d+)");
    private static final List<Process> started = new ArrayList<>();

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    @AfterAll
    static void stopExtraInstances() {
        started.forEach(Process::destroy);
    }

    @Test
    void aReminderFiredOnOneInstanceReachesTheSubscriberOnTheOther() throws Exception {
        String[] postgres = address("PostgreSQL:");
        String[] kafka = address("Kafka:");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_HOST", postgres[0]);
        env.put("DB_PORT", postgres[1]);
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka[0] + ":" + kafka[1]);
        env.put("ASPAIRE_JWT_PUBLIC_KEY_LOCATION", dataDir.resolve("keys/jwt-public.pem").toUri().toString());
        Map<String, String> pipelineEnv = new LinkedHashMap<>(env);
        pipelineEnv.put("ASPAIRE_REMINDERS_ENABLED", "false"); // only the suite's instance fires
        String pipeline2 = start("pipeline-service", pipelineEnv);
        Map<String, String> gatewayEnv = new LinkedHashMap<>(env);
        gatewayEnv.put("USER_SERVICE_GRAPHQL_URL", url("user-service") + "/graphql");
        gatewayEnv.put("JOB_SERVICE_GRAPHQL_URL", url("job-service") + "/graphql");
        gatewayEnv.put("PIPELINE_SERVICE_GRAPHQL_URL", pipeline2 + "/graphql");
        gatewayEnv.put("AI_SERVICE_GRAPHQL_URL", url("ai-service") + "/graphql");
        String gateway2 = start("gateway", gatewayEnv);

        String email = "two-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> registered = rest("POST", url("user-service") + "/user/register", null,
                Map.of("email", email, "password", "correct horse battery staple", "displayName", "Two"));
        assertEquals(201, registered.statusCode(), registered.body());
        String token = RunningSuite.JSON.readTree(rest("POST", url("user-service") + "/user/login", null,
                Map.of("email", email, "password", "correct horse battery staple")).body()).path("accessToken").asText();
        String query = "subscription { reminderDue { reminder { id } application { id stage } } }";
        try (GraphQLWs viaFirst = GraphQLWs.connect(url("gateway"), token);
                GraphQLWs viaSecond = GraphQLWs.connect(gateway2, token)) {
            // the second instance's feeds start at the end of their topics once their partitions are assigned: save
            // jobs until one of the user's own application events comes through it
            viaSecond.subscribe("a", "subscription { applicationChanged { applicationId } }");
            String jobId = null;
            String applicationId = null;
            JsonNode change = null;
            for (int attempt = 0; attempt < 30 && change == null; attempt++) {
                jobId = UUID.randomUUID().toString();
                applicationId = data(graphql(gateway2, token, "mutation($j: ID!) { saveJob(jobId: $j) { id } }",
                        Map.of("j", jobId))).path("saveJob").path("id").asText();
                change = viaSecond.next(Duration.ofSeconds(1));
            }
            assertNotNull(change, "the second instance's feed delivers the user's own application events");
            viaSecond.complete("a");
            while (viaSecond.next(Duration.ofMillis(500)) != null) {
                // events of earlier attempts
            }
            int firstBefore = MetricsTest.openSubscriptions(url("pipeline-service"), "reminderDue");
            int secondBefore = MetricsTest.openSubscriptions(pipeline2, "reminderDue");
            viaFirst.subscribe("r", query);
            viaSecond.subscribe("r", query);
            // each instance holds its subscription before the reminder can fire
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(
                    () -> MetricsTest.openSubscriptions(url("pipeline-service"), "reminderDue") >= firstBefore + 1
                            && MetricsTest.openSubscriptions(pipeline2, "reminderDue") >= secondBefore + 1);
            String reminderId = data(graphql(gateway2, token, "mutation($j: ID!, $d: String!) { setReminder(jobId: $j, "
                    + "datetime: $d) { id } }", Map.of("j", jobId, "d",
                            OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString())))
                    .path("setReminder").path("id").asText();
            for (GraphQLWs client : List.of(viaFirst, viaSecond)) {
                JsonNode next = client.next(Duration.ofSeconds(30));
                assertNotNull(next, "the event through " + (client == viaFirst ? "the suite's" : "the second") + " instance");
                JsonNode event = next.path("payload").path("data").path("reminderDue");
                assertEquals(reminderId, event.path("reminder").path("id").asText(), next.toString());
                assertEquals(applicationId, event.path("application").path("id").asText(), next.toString());
                assertEquals("SAVED", event.path("application").path("stage").asText(), next.toString());
            }
            assertNull(viaSecond.next(Duration.ofSeconds(2)), "exactly one event");
            assertNull(viaFirst.next(Duration.ofMillis(100)), "exactly one event");
        }
    }

    /** host and port of the infrastructure line the launcher printed, e.g. "PostgreSQL: … on localhost:5432". */
    private static String[] address(String piece) {
        for (String line : List.copyOf(output)) {
            if (line.contains("[local-stack] " + piece)) {
                Matcher matcher = ADDRESS.matcher(line);
                if (matcher.find()) {
                    return new String[] { matcher.group(1), matcher.group(2) };
                }
            }
        }
        throw new AssertionError("the launcher printed no address for " + piece + ": " + output);
    }

    /** Starts another instance of {@code module} from its built quarkus-app on a free port; its URL once ready. */
    private static String start(String module, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dataDir.resolve("logs/" + module + "-2.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        Process process = builder.start();
        started.add(process);
        String base = "http://localhost:" + port;
        HttpClient http = HttpClient.newHttpClient();
        await(module + " (second instance, log " + log + ") ready").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(module + " exited with " + process.exitValue() + ", see " + log);
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return base;
    }
}
