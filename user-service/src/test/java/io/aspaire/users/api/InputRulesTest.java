package io.aspaire.users.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The platform's input rules are switched on in user-service, on REST (JSON bodies, multipart parts and file names,
 * query parameters) and GraphQL (docs/architecture.md, "Input rules").
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InputRulesTest {

    @Test
    void controlCharactersInJsonBodiesAre400NamingTheField() {
        Api.Session user = Api.newUser("ctrl");
        user.auth().contentType(ContentType.JSON).body(Map.of("displayName", "\u0000"))
                .put("/user/me").then().statusCode(400).body("code", equalTo("BAD_REQUEST"))
                .body("message", equalTo("displayName must not contain control characters"));
        given().contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("nul"), "password",
                "\u0000".repeat(8))).post("/user/register").then().statusCode(400)
                .body("message", equalTo("password must not contain control characters"));
        user.auth().contentType(ContentType.JSON).body(Map.of("jobTitles", List.of("Dev", "Ops\u0000")))
                .put("/preferences").then().statusCode(400)
                .body("message", equalTo("jobTitles[1] must not contain control characters"));
        user.auth().contentType(ContentType.JSON).body(Map.of("title", "CV", "text", "I\u0000code"))
                .post("/resumes").then().statusCode(400)
                .body("message", equalTo("text must not contain control characters"));
    }

    @Test
    void controlCharactersInMultipartPartsAndQueryParametersAre400() {
        Api.Session user = Api.newUser("parts");
        byte[] cv = "Kim writes Java".getBytes(StandardCharsets.UTF_8);
        user.auth().multiPart("file", "cv.txt", cv, "text/plain").multiPart("title", "CV\u0000")
                .post("/resumes").then().statusCode(400)
                .body("message", equalTo("title must not contain control characters"));
        user.auth().multiPart("file", "cv\u0001.txt", cv, "text/plain").post("/resumes").then().statusCode(400)
                .body("message", equalTo("file.filename must not contain control characters"));
        user.auth().queryParam("page", "0\u0000").get("/resumes").then().statusCode(400)
                .body("message", equalTo("page must not contain control characters"));
        assertEquals(0, user.auth().get("/resumes").then().statusCode(200).extract().jsonPath()
                .getList("items").size());
    }

    @Test
    void pagesAreBoundedOnRestAndGraphQL() {
        Api.Session user = Api.newUser("pages");
        user.auth().queryParam("page", Integer.MAX_VALUE).queryParam("size", 100).get("/resumes").then()
                .statusCode(400).body("message", startsWith("page 2147483647 of size 100 is beyond"));
        JsonPath json = Api.graphql(user.accessToken(), "query($u: ID!) { resumesByUser(userId: $u, page: null, "
                + "size: null) { id } }", Map.of("u", user.id().toString())).then().statusCode(200).extract()
                .jsonPath();
        org.junit.jupiter.api.Assertions.assertNull(json.get("errors"), json.prettify());
        json = Api.graphql(user.accessToken(), "query($u: ID!) { resumesByUser(userId: $u, page: 2147483647, "
                + "size: 100) { id } }", Map.of("u", user.id().toString())).then().extract().jsonPath();
        assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"), json.prettify());
    }

    @Test
    void graphQLInputsFollowTheSameRulesWithoutJavaNames() {
        Api.Session user = Api.newUser("gql");
        JsonPath json = Api.graphql(user.accessToken(), "mutation($u: ID!, $p: PreferencesInput!) { "
                + "setPreferences(userId: $u, input: $p) { jobTitles } }", Map.of("u", user.id().toString(), "p",
                        Map.of("jobTitles", List.of("Dev\u0000")))).then().statusCode(200).extract().jsonPath();
        assertEquals("input.jobTitles[0] must not contain control characters", json.getString("errors[0].message"));
        assertEquals("BAD_REQUEST", json.getString("errors[0].extensions.code"));
        for (String input : List.of("{jobTypes: [NOPE]}", "{salaryMin: \"lots\"}", "{pageSize: \"x\"}",
                "{pageSize: 4294967297}", "{notifications: 5}")) {
            json = Api.graphql(user.accessToken(), "mutation($u: ID!) { setPreferences(userId: $u, input: " + input
                    + ") { pageSize } }", Map.of("u", user.id().toString())).then().statusCode(200).extract()
                    .jsonPath();
            assertFalse(json.getList("errors").isEmpty(), input);
            String messages = json.getList("errors.message").toString() + json.getList("errors.extensions.code");
            for (String internal : List.of("io.aspaire", "java.", "Exception", "StringValue", "System error",
                    "INTERNAL")) {
                assertFalse(messages.contains(internal), internal + " in " + json.prettify());
            }
        }
        given().contentType(ContentType.JSON).body("[1,2]").post("/graphql").then().statusCode(400)
                .body("errors[0].message", equalTo("The request body is not a JSON object."))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }
}
