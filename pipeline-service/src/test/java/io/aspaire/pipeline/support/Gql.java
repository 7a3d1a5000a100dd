package io.aspaire.pipeline.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.aspaire.localstack.TestJwt;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A GraphQL client for the tests: one caller (JWT) per instance. */
public final class Gql {

    public final UUID userId;
    private final String token;

    private Gql(UUID userId, String token) {
        this.userId = userId;
        this.token = token;
    }

    public static Gql newUser() {
        UUID id = UUID.randomUUID();
        return new Gql(id, TestJwt.forUser(id));
    }

    /** The bearer token this client sends (null when anonymous). */
    public String token() {
        return token;
    }

    public static Gql anonymous() {
        return new Gql(null, null);
    }

    public static Gql withToken(String token) {
        return new Gql(null, token);
    }

    public JsonPath call(String query, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", vars);
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    /** Asserts the call succeeded and returns its data. */
    public JsonPath ok(String query, Object... variables) {
        JsonPath json = call(query, variables);
        List<?> errors = json.getList("errors");
        if (errors != null && !errors.isEmpty()) {
            throw new AssertionError("GraphQL errors: " + json.prettify());
        }
        return json;
    }

    /** Asserts the call failed with the given extensions.code; returns the response for more checks. */
    public JsonPath fails(String code, String query, Object... variables) {
        JsonPath json = call(query, variables);
        List<?> errors = json.getList("errors");
        if (errors == null || errors.isEmpty()) {
            throw new AssertionError("expected " + code + " but the call succeeded: " + json.prettify());
        }
        String actual = json.getString("errors[0].extensions.code");
        if (!code.equals(actual)) {
            throw new AssertionError("expected " + code + " but got " + actual + ": " + json.prettify());
        }
        return json;
    }

    public String saveJob(UUID jobId, String stage) {
        return ok("mutation($j: ID!, $s: ApplicationStage) { saveJob(jobId: $j, stage: $s) { id } }",
                "j", jobId.toString(), "s", stage).getString("data.saveJob.id");
    }
}
