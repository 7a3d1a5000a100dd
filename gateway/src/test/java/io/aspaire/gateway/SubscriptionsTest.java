package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.graphql;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.aspaire.gateway.GatewayTestSupport.stubBase;
import static io.aspaire.gateway.GatewayTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.accounts.DeletedAccounts;
import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Subscriptions through the gateway over graphql-transport-ws: the root field goes to the pipeline stub over
 * graphql-ws, each event's fields owned by other subgraphs are fetched through {@code _entities}; authentication of
 * {@code connection_init}, expiry and account deletion, {@code complete} from either side, disconnects, and the
 * bound on what the gateway holds for a slow client.
 */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionsTest {

    private static final String CHANGES = """
            subscription Changes($status: Status) { applicationChanged(status: $status) { kind application {
              status applicant { name } job { title company { name } postedBy { email } summary } } } }""";
    private static final String EVENT = """
            {"kind": "STAGE_CHANGED", "application": {"__typename": "Application", "userId": "u1", "jobId": "j1",
             "status": "INTERVIEW", "applicant": {"__typename": "User", "id": "u1"},
             "job": {"__typename": "Job", "id": "j1"}}}""";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Vertx vertx;

    @Inject
    DeletedAccounts deletedAccounts;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close();
    }

    @BeforeEach
    void ready() {
        awaitFullyComposed();
        resetStubs();
    }

    @Test
    void eachEventIsCompletedFromTheOtherSubgraphsAndCompleteFromTheClientEndsTheUpstream() {
        String token = token("u1", Duration.ofMinutes(5), "https://aspaire.io");
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            assertEquals("connection_ack", client.init(token).getString("type"));
            client.subscribe("s1", CHANGES, Map.of("status", "INTERVIEW"));
            Map<String, Object> upstream = awaitOpenSubscriptions(1).get(0);
            assertEquals("Bearer " + token, upstream.get("authorization"), "the token travels on the upgrade request");
            assertEquals("Bearer " + token, upstream.get("initAuthorization"), "and in connection_init");
            assertEquals(Map.of("status", "INTERVIEW"), upstream.get("variables"));
            assertTrue(((String) upstream.get("query")).startsWith("subscription"), (String) upstream.get("query"));

            for (int round = 1; round <= 2; round++) {
                emit(EVENT);
                JsonObject next = client.next(WAIT);
                assertNotNull(next, "event " + round + " delivered");
                assertEquals("next", next.getString("type"));
                assertEquals("s1", next.getString("id"));
                JsonObject payload = next.getJsonObject("payload");
                assertNull(payload.getValue("errors"), payload.encode());
                JsonObject application = payload.getJsonObject("data").getJsonObject("applicationChanged")
                        .getJsonObject("application");
                assertEquals("INTERVIEW", application.getString("status"));
                assertEquals("Ada", application.getJsonObject("applicant").getString("name"));
                JsonObject job = application.getJsonObject("job");
                assertEquals("Backend Engineer", job.getString("title"));
                assertEquals("Aspaire", job.getJsonObject("company").getString("name"));
                assertEquals("ada@aspaire.io", job.getJsonObject("postedBy").getString("email"));
                assertEquals("Summary of Backend Engineer", job.getString("summary"));
                assertEquals(round, operations("jobs").size(), "one _entities request to jobs per event");
                assertTrue(((String) operations("jobs").get(0).get("query")).contains("_entities"));
            }

            client.complete("s1");
            await().atMost(WAIT).until(() -> openSubscriptions().isEmpty());
            emit(EVENT);
            assertNull(client.next(Duration.ofMillis(500)), "nothing after complete");
        }
    }

    @Test
    void completeFromTheSubgraphReachesTheClientAndDisconnectReleasesTheUpstream() {
        String token = GatewayTestSupport.validToken();
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.init(token);
            client.subscribe("a", CHANGES, Map.of());
            awaitOpenSubscriptions(1);
            given().post(stubBase("pipeline") + "/_complete").then().statusCode(200);
            JsonObject complete = client.next(WAIT);
            assertEquals("complete", complete.getString("type"));
            assertEquals("a", complete.getString("id"));

            client.subscribe("b", CHANGES, Map.of());
            client.subscribe("c", CHANGES, Map.of());
            awaitOpenSubscriptions(2);
        }
        await().atMost(WAIT).until(() -> openSubscriptions().isEmpty());
    }

    @Test
    void moreThanFiftySubscriptionsAllReachTheSubgraph() {
        // one upstream WebSocket per subscription: with Vert.x's default pool of 50 the 51st never reached it
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.init(GatewayTestSupport.validToken());
            for (int i = 0; i < 60; i++) {
                client.subscribe("s" + i, CHANGES, Map.of());
            }
            awaitOpenSubscriptions(60);
        }
        await().atMost(WAIT).until(() -> openSubscriptions().isEmpty());
    }

    @Test
    void queriesRunOnceOverTheSocketAndSubscriptionsAreRefusedOverHttp() {
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.init(null);
            client.subscribe("q", "{ users { name } }", Map.of());
            JsonObject next = client.next(WAIT);
            assertEquals("next", next.getString("type"));
            assertEquals("Ada", next.getJsonObject("payload").getJsonObject("data").getJsonArray("users")
                    .getJsonObject(0).getString("name"));
            assertEquals("complete", client.next(WAIT).getString("type"));

            client.subscribe("bad", "subscription { applicationChanged { nope } }", Map.of());
            JsonObject error = client.next(WAIT);
            assertEquals("error", error.getString("type"));
            assertEquals("GRAPHQL_VALIDATION_FAILED", error.getJsonArray("payload").getJsonObject(0)
                    .getJsonObject("extensions").getString("code"));
        }
        graphql("subscription { applicationChanged { kind } }").then().statusCode(200)
                .body("errors[0].message", containsString("graphql-transport-ws"));
        given().contentType(ContentType.JSON).body(Map.of("query", "{ __schema { subscriptionType { fields { name } } } }"))
                .post("/graphql").then().statusCode(200)
                .body("data.__schema.subscriptionType.fields.name", org.hamcrest.Matchers.equalTo(List.of("applicationChanged")));
    }

    @Test
    void protocolViolationsCloseWithTheGraphqlWsCodes() {
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.subscribe("early", CHANGES, Map.of());
            assertEquals((short) 4401, client.closeCode(WAIT));
        }
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.sendInit("not-a-token");
            assertEquals((short) 4403, client.closeCode(WAIT));
        }
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.sendInit(token("u1", Duration.ofMinutes(-5), "https://aspaire.io"));
            assertEquals((short) 4403, client.closeCode(WAIT), "an expired token is refused");
            assertTrue(client.closeReason.contains("expired"), client.closeReason);
        }
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.init(GatewayTestSupport.validToken());
            client.subscribe("x", CHANGES, Map.of());
            client.subscribe("x", CHANGES, Map.of());
            assertEquals((short) 4409, client.closeCode(WAIT));
        }
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            assertEquals((short) 4408, client.closeCode(WAIT), "no connection_init in time");
        }
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx, List.of())) {
            assertEquals((short) 4406, client.closeCode(WAIT), "no graphql-transport-ws subprotocol");
        }
        await().atMost(WAIT).until(() -> openSubscriptions().isEmpty());
    }

    @Test
    void aConnectionClosesWhenItsTokenExpires() {
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            assertEquals("connection_ack", client.init(token("u1", Duration.ofSeconds(2), "https://aspaire.io"))
                    .getString("type"));
            client.subscribe("s", CHANGES, Map.of());
            awaitOpenSubscriptions(1);
            assertEquals((short) 4403, client.closeCode(WAIT));
            assertTrue(client.closeReason.contains("expired"), client.closeReason);
        }
        await().atMost(WAIT).until(() -> openSubscriptions().isEmpty());
    }

    @Test
    void aDeletedAccountsConnectionsClose() {
        String deleted = "u-deleted-" + System.nanoTime();
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx);
                GraphQLWsClient other = GraphQLWsClient.connect(vertx)) {
            client.init(token(deleted, Duration.ofMinutes(5), "https://aspaire.io"));
            other.init(GatewayTestSupport.validToken());
            client.subscribe("s", CHANGES, Map.of());
            other.subscribe("s", CHANGES, Map.of());
            awaitOpenSubscriptions(2);
            deletedAccounts.deleted(deleted, Instant.now()); // what UserDeletedListener does with the Kafka event
            assertEquals((short) 4403, client.closeCode(WAIT));
            assertTrue(client.closeReason.contains("deleted"), client.closeReason);
            await().atMost(WAIT).until(() -> openSubscriptions().size() == 1);
            emit(EVENT);
            assertEquals("next", other.next(WAIT).getString("type"), "another user's subscription goes on");
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedOnceTheLimitIsReached() {
        try (GraphQLWsClient client = GraphQLWsClient.connect(vertx)) {
            client.init(GatewayTestSupport.validToken());
            client.subscribe("s", "subscription { applicationChanged { kind padding } }", Map.of());
            awaitOpenSubscriptions(1);
            client.socket.pause(); // the client stops reading: the TCP buffers fill up
            String padding = "x".repeat(64 * 1024);
            String event = new JsonObject().put("kind", "SAVED").put("padding", padding)
                    .put("application", new JsonObject().put("__typename", "Application").put("userId", "u1")
                            .put("jobId", "j1").put("status", "APPLIED")).encode();
            for (int i = 0; i < 400 && client.closed.isDone() == false && !openSubscriptions().isEmpty(); i++) {
                emit(event);
            }
            await().atMost(WAIT).until(() -> openSubscriptions().isEmpty()); // the gateway let go of the upstream
            client.socket.resume();
            assertEquals(Short.valueOf((short) 1013), client.closeCode(WAIT));
            assertTrue(client.closeReason.contains("too slow"), client.closeReason);
        }
    }

    private static void emit(String event) {
        given().contentType(ContentType.JSON).body(event).post(stubBase("pipeline") + "/_emit").then().statusCode(200);
    }

    private static List<Map<String, Object>> openSubscriptions() {
        List<Map<String, Object>> all = given().get(stubBase("pipeline") + "/_subscriptions").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(s -> Boolean.TRUE.equals(s.get("open"))).toList();
    }

    private static List<Map<String, Object>> awaitOpenSubscriptions(int count) {
        await().atMost(WAIT).until(() -> openSubscriptions().size() == count);
        return openSubscriptions();
    }
}
