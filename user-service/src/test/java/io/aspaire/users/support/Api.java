package io.aspaire.users.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Test helpers: real users registered and logged in through the REST API, and GraphQL calls. */
public final class Api {

    public static final String PASSWORD = "correct horse battery";

    private Api() {
    }

    /** A registered, logged-in user. */
    public record Session(UUID id, String email, String accessToken, String refreshToken) {
        public RequestSpecification auth() {
            return given().header("Authorization", "Bearer " + accessToken);
        }
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    public static Session newUser(String prefix) {
        String email = uniqueEmail(prefix);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", prefix))
                .post("/user/register").then().statusCode(201);
        return login(email, PASSWORD);
    }

    public static Session login(String email, String password) {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/user/login").then().statusCode(200).extract().jsonPath();
        return new Session(UUID.fromString(json.getString("user.id")), email, json.getString("accessToken"),
                json.getString("refreshToken"));
    }

    public static Response graphql(String token, String query, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables == null ? Map.of() : variables);
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.post("/graphql");
    }
}
