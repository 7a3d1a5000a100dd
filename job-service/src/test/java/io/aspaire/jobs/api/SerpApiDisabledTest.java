package io.aspaire.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.support.TestConfigs;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** SerpAPI without an API key is a configuration state: the live search answers 404 SOURCE_DISABLED, never a 5xx. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class SerpApiDisabledTest {

    @Test
    void liveSearchOfADisabledSourceIs404WithWhatToSet() {
        // the source as a deployment without SERPAPI_API_KEY builds it (this test profile has a key)
        QuarkusMock.installMockForType(new SerpApiSource(null, new ObjectMapper(), TestConfigs.serpApi(Optional.empty())),
                SerpApiSource.class);
        given().header("Authorization", "Bearer " + TestJwt.forUser(UUID.randomUUID()))
                .queryParam("q", "java")
                .when().get("/serpapi")
                .then().statusCode(404)
                .body("code", is("SOURCE_DISABLED"))
                .body("message", is("SerpAPI is not enabled on this deployment: set SERPAPI_API_KEY"));
    }
}
