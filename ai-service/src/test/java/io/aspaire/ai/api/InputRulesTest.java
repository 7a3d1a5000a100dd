package io.aspaire.ai.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The platform's input rules are switched on in ai-service (docs/architecture.md, "Input rules"). */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class InputRulesTest {

    private final UUID user = UUID.randomUUID();

    private JsonPath call(String query) {
        return TestData.graphql(user, query, Map.of("u", user.toString())).extract().jsonPath();
    }

    @Test
    void aiUsagePagesAreBoundedNotSilentlyClamped() {
        JsonPath json = call("query($u: ID!) { aiUsage(userId: $u, page: 2147483647) { page } }");
        assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"), json.prettify());
        assertTrue(json.getString("errors[0].message").startsWith("page 2147483647 of size 20 is beyond"));
        json = call("query($u: ID!) { aiUsage(userId: $u, page: null, size: null) { page size } }");
        org.junit.jupiter.api.Assertions.assertNull(json.get("errors"), json.prettify());
        assertEquals(20, json.getInt("data.aiUsage.size"));
    }

    @Test
    void controlCharactersAndBadIdsAre400NamingTheArgument() {
        JsonPath json = call("{ aiSummary(jobId: \"\\u0000\") { summary } }");
        assertEquals("jobId must not contain control characters", json.getString("errors[0].message"));
        assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"));
        json = call("{ aiSummary(jobId: \"nope\") { summary } }");
        assertEquals("jobId: 'nope' is not a valid id (a UUID is expected)", json.getString("errors[0].message"));
    }

    @Test
    void malformedBodiesAndOverLimitDocumentsAreRefusedWithoutJavaNames() {
        given().contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\",\"operationName\":5}")
                .post("/graphql").then().statusCode(400)
                .body("errors[0].message", equalTo("\"operationName\" must be a string."))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        StringBuilder aliases = new StringBuilder("query($u: ID!) {");
        for (int i = 0; i < 500; i++) {
            aliases.append(" a").append(i).append(": aiUsage(userId: $u) { calls }");
        }
        call("{ __typename }"); // a first request warms the JVM: time the refusal, not class loading
        long start = System.nanoTime();
        JsonPath json = call(aliases.append(" }").toString());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "500 aliases must be refused at once");
        assertEquals("OPERATION_LIMIT_EXCEEDED", json.getString("errors[0].extensions.code"), json.prettify());
        for (String query : List.of("query($u: ID!) { aiUsage(userId: $u, page: \"x\") { page } }",
                "{ generateCoverLetter(jobId: 1, resumeId: {a: 1}, tone: LOUD) { text } }")) {
            json = call(query);
            assertFalse(json.getList("errors").isEmpty(), query);
            String messages = json.getList("errors.message").toString() + json.getList("errors.extensions.code");
            for (String internal : List.of("io.aspaire", "java.", "Exception", "StringValue", "System error",
                    "INTERNAL")) {
                assertFalse(messages.contains(internal), internal + " in " + json.prettify());
            }
        }
    }
}
