package io.aspaire.ai.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the MongoDB server unreachable the service is not ready: platform's MongoReadiness (the reactive client's ping,
 * bounded below the readiness probe's timeout) reports DOWN. Its UP side is in {@link HealthTest}.
 */
@QuarkusTest
@TestProfile(MongoUnreachableTest.NoMongoServer.class)
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class MongoUnreachableTest {

    public static class NoMongoServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 1: nothing listens there, every connection is refused
            return Map.of("quarkus.mongodb.connection-string", "mongodb://localhost:1");
        }
    }

    @Test
    void notReadyWithoutTheMongoServer() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == '" + HealthTest.MONGO_CHECK + "' }.status", equalTo("DOWN"))
                // the answer names no exception class nor the driver's view of the cluster (the API's port serves it)
                .body(not(containsString("Exception")))
                .body(not(containsString("localhost:1")));
    }
}
