package io.aspaire.gateway;

import static org.awaitility.Awaitility.await;
import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Account deletion through a real Kafka broker: user-service's {@code UserDeleted} on {@code aspaire.users.v1}
 * makes the gateway refuse that user's still unexpired token with 401 within 5 s, for every operation (even one
 * that reaches no subgraph), while other users' tokens keep working.
 */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "kafka", value = "real"))
class DeletedAccountTokenTest {

    private static Response graphqlAs(String token, String query) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", query)).post("/graphql");
    }

    private static String tokenOf(String userId) {
        return GatewayTestSupport.token(userId, Duration.ofMinutes(10), "https://aspaire.io");
    }

    /** What user-service's outbox publishes (docs/events.md): a CloudEvent in structured JSON, keyed by user id. */
    private static void publishUserDeleted(String userId) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String now = Instant.now().toString();
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/aspaire/user-service\","
                + "\"type\":\"UserDeleted\",\"subject\":\"" + userId + "\",\"time\":\"" + now + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"userId\":\"" + userId + "\",\"deletedAt\":\""
                + now + "\"}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("aspaire.users.v1", userId, event);
            record.headers().add("content-type", "application/cloudevents+json".getBytes());
            producer.send(record).get();
        }
    }

    /** Milliseconds until {@code { __typename }} with {@code token} is refused, or -1 after {@code limit}. */
    private static long millisUntilRefused(String token, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(25))
                    .until(() -> graphqlAs(token, "{ __typename }").statusCode() == 401);
            return (System.nanoTime() - start) / 1_000_000;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return -1;
        }
    }

    @Test
    void aDeletedAccountsTokenIsRefusedWithin5Seconds() throws Exception {
        awaitFullyComposed();
        resetStubs();
        // the gateway's consumer joins its own group after start: a first deletion shows it is reading
        String warmUp = UUID.randomUUID().toString();
        publishUserDeleted(warmUp);
        assertTrue(millisUntilRefused(tokenOf(warmUp), Duration.ofSeconds(60)) >= 0, "the gateway reads deletions");

        String deleted = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        graphqlAs(tokenOf(deleted), "{ __typename }").then().statusCode(200);
        graphqlAs(tokenOf(deleted), "{ users { id } }").then().statusCode(200);

        publishUserDeleted(deleted);
        long millis = millisUntilRefused(tokenOf(deleted), Duration.ofSeconds(5));
        System.out.println("[gateway] deleted account's token refused " + millis + " ms after UserDeleted was published");
        assertTrue(millis >= 0, "refused within 5 s");

        resetStubs();
        graphqlAs(tokenOf(deleted), "{ users { id } }").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("data", nullValue())
                .body("errors[0].message", equalTo("Unauthorized: this account has been deleted."))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        graphqlAs(tokenOf(deleted), "{ __schema { queryType { name } } }").then().statusCode(401);
        assertEquals(List.of(), operations("users"), "no subgraph was asked for the deleted user");

        graphqlAs(tokenOf(other), "{ __typename }").then().statusCode(200).body("data.__typename", equalTo("Query"));
        graphqlAs(tokenOf(other), "{ users { id } }").then().statusCode(200).body("errors", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("query", "{ users { id } }")).post("/graphql").then()
                .statusCode(200);
    }
}
