package io.aspaire.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The platform's input rules are switched on in job-service (docs/architecture.md, "Input rules"). */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class InputRulesTest {

    private final UUID user = UUID.randomUUID();
    private final String token = TestJwt.forUser(user);

    private JsonPath call(String query, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        return TestSupport.graphql(token, query, vars).extract().jsonPath();
    }

    private String badRequest(String query, Object... variables) {
        JsonPath json = call(query, variables);
        org.junit.jupiter.api.Assertions.assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"),
                json.prettify());
        return json.getString("errors[0].message");
    }

    @Test
    void controlCharactersInFilterTextAndQueryParametersAre400() {
        org.junit.jupiter.api.Assertions.assertEquals("filter.text must not contain control characters",
                badRequest("query($f: JobFilter) { jobs(filter: $f) { hasMore } }", "f", Map.of("text", "a\u0000")));
        given().header("Authorization", "Bearer " + token).queryParam("search", "java\u0000")
                .get("/remotive").then().statusCode(400)
                .body("code", equalTo("BAD_REQUEST"))
                .body("message", equalTo("search must not contain control characters"));
    }

    @Test
    void datesCursorsIdsAndPagesAreBounded() {
        for (String date : List.of("0000-01-01T00:00:00Z", "+100000-01-01T00:00:00Z")) {
            org.junit.jupiter.api.Assertions.assertTrue(badRequest("query($f: JobFilter) { jobs(filter: $f) { "
                    + "hasMore } }", "f", Map.of("postedAfter", date)).startsWith("filter.postedAfter must be between"));
        }
        String overflow = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (Long.MAX_VALUE + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of(overflow, "garbage", "%%%", "MTox")) {
            org.junit.jupiter.api.Assertions.assertEquals(
                    "after is not a valid cursor (use nextCursor of the previous page)",
                    badRequest("query($a: String) { jobs(after: $a) { hasMore } }", "a", cursor));
        }
        org.junit.jupiter.api.Assertions.assertEquals("id is required", badRequest("{ job(id: null) { id } }"));
        org.junit.jupiter.api.Assertions.assertNull(call("{ jobs(first: null) { hasMore } }").get("errors"));
        org.junit.jupiter.api.Assertions.assertTrue(badRequest("query($u: ID!) { searchQueries(userId: $u, "
                + "page: 2147483647, size: 100) { query } }", "u", user.toString())
                .startsWith("page 2147483647 of size 100 is beyond the last addressable page"));
    }

    @Test
    void malformedBodiesAre400AndNoMessageNamesAJavaClass() {
        given().contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\",\"variables\":\"x\"}")
                .post("/graphql").then().statusCode(400)
                .body("errors[0].message", equalTo("\"variables\" must be a JSON object."))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        for (String query : List.of("{ jobs(filter: {postedAfter: \"garbage\"}) { hasMore } }",
                "{ jobs(filter: {salaryMin: \"lots\"}) { hasMore } }",
                "{ jobs(filter: {salaryMin: 1e400}) { hasMore } }",
                "{ jobs(filter: {remote: \"yes\"}) { hasMore } }",
                "{ jobs(first: 2147483648) { hasMore } }")) {
            JsonPath json = call(query);
            assertFalse(json.getList("errors").isEmpty(), query);
            String messages = json.getList("errors.message").toString() + json.getList("errors.extensions.code");
            for (String internal : List.of("io.aspaire", "java.", "Exception", "StringValue", "System error",
                    "INTERNAL")) {
                assertFalse(messages.contains(internal), internal + " in " + json.prettify());
            }
        }
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"query\":\"{ jobs(first: 5) { hasMore } }\",\"variables\":{}}").post("/graphql").then()
                .statusCode(200).body("data.jobs.hasMore", org.hamcrest.Matchers.notNullValue());
    }
}
