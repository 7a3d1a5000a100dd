package io.aspaire.ai.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class HealthTest {

    /** The name of platform's MongoReadiness check (it replaces Quarkus's own, switched off in application.properties). */
    static final String MONGO_CHECK = "MongoDB connection health check";

    @Test
    void serviceIsHealthy() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessPingsTheMongoServer() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == '" + MONGO_CHECK + "' }.status", equalTo("UP"));
    }
}
