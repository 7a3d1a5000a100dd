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

    @Test
    void serviceIsHealthy() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
