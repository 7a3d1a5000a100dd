package io.aspaire.users.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Every user-scoped REST route and GraphQL operation, called by a second user on the first user's data: each must
 * answer 403 / FORBIDDEN and show nothing of the owner's data. Leaks are counted; the owner's data is then checked to
 * be unchanged.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CrossUserTest {

    private static final String SECRET = "owner-secret-resume-text";

    @Test
    void aSecondUserGetsForbiddenEverywhereAndNoData() {
        Api.Session owner = Api.newUser("owner");
        Api.Session intruder = Api.newUser("intruder");
        String resumeId = ResumeTest.paste(owner, "Owner CV", SECRET);
        owner.auth().contentType(ContentType.JSON).body(Map.of("skills", List.of("owner-skill")))
                .put("/preferences").then().statusCode(200);
        String ownerId = owner.id().toString();

        Map<String, Supplier<Response>> rest = new java.util.LinkedHashMap<>();
        rest.put("GET /user/{id}", () -> intruder.auth().get("/user/" + ownerId));
        rest.put("GET /preferences/{userId}", () -> intruder.auth().get("/preferences/" + ownerId));
        rest.put("PUT /preferences/{userId}", () -> intruder.auth().contentType(ContentType.JSON)
                .body(Map.of("skills", List.of("hacked"))).put("/preferences/" + ownerId));
        rest.put("GET /resumes/{id}", () -> intruder.auth().get("/resumes/" + resumeId));
        rest.put("PUT /resumes/{id}", () -> intruder.auth().contentType(ContentType.JSON)
                .body(Map.of("title", "hacked")).put("/resumes/" + resumeId));
        rest.put("POST /resumes/{id}/default", () -> intruder.auth().post("/resumes/" + resumeId + "/default"));
        rest.put("DELETE /resumes/{id}", () -> intruder.auth().delete("/resumes/" + resumeId));

        Map<String, String[]> graphql = new java.util.LinkedHashMap<>();
        graphql.put("user", new String[] { "query($u: ID!) { user(id: $u) { id email } }", "user" });
        graphql.put("userByAuth", new String[] {
                "query($u: String!) { userByAuth(provider: LOCAL, subject: $u) { id email } }", "userByAuth" });
        graphql.put("preferences", new String[] { "query($u: ID!) { preferences(userId: $u) { skills } }",
                "preferences" });
        graphql.put("setPreferences", new String[] {
                "mutation($u: ID!) { setPreferences(userId: $u, input: {skills: [\"hacked\"]}) { skills } }",
                "setPreferences" });
        graphql.put("resume", new String[] { "query($r: ID!) { resume(id: $r) { text } }", "resume" });
        graphql.put("resumesByUser", new String[] { "query($u: ID!) { resumesByUser(userId: $u) { text } }",
                "resumesByUser" });
        graphql.put("createResume", new String[] {
                "mutation($u: ID!) { createResume(userId: $u, input: {title: \"x\", text: \"planted\"}) { id } }",
                "createResume" });
        graphql.put("updateResume", new String[] {
                "mutation($r: ID!) { updateResume(id: $r, input: {title: \"hacked\"}) { title } }", "updateResume" });
        graphql.put("deleteResume", new String[] { "mutation($r: ID!) { deleteResume(id: $r) }", "deleteResume" });
        graphql.put("_entities(User)", new String[] {
                "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id email "
                        + "resumes { text } preferences { skills } } } }",
                "_entities" });
        graphql.put("createUser (non-admin)", new String[] {
                "mutation($u: String!) { createUser(input: {provider: GITHUB, subject: $u, email: \"x@example.org\"}) { id } }",
                "createUser" });

        List<String> leaks = new ArrayList<>();
        for (var entry : rest.entrySet()) {
            Response response = entry.getValue().get();
            String body = response.asString();
            if (response.statusCode() != 403 || !body.contains("FORBIDDEN") || body.contains(SECRET)
                    || body.contains(owner.email())) {
                leaks.add(entry.getKey() + " -> " + response.statusCode() + " " + body);
            }
        }
        Map<String, Object> variables = Map.of("u", ownerId, "r", resumeId,
                "reps", List.of(Map.of("__typename", "User", "id", ownerId)));
        for (var entry : graphql.entrySet()) {
            String query = entry.getValue()[0];
            Map<String, Object> used = new java.util.HashMap<>();
            variables.forEach((k, v) -> {
                if (query.contains("$" + k + ":")) {
                    used.put(k, v);
                }
            });
            Response response = Api.graphql(intruder.accessToken(), query, used);
            JsonPath json = response.jsonPath();
            String body = response.asString();
            Object data = json.get("data." + entry.getValue()[1]);
            boolean noData = data == null || (data instanceof List<?> list && list.stream().allMatch(x -> x == null));
            if (!noData || !"FORBIDDEN".equals(json.getString("errors[0].extensions.code"))
                    || body.contains(SECRET) || body.contains(owner.email())) {
                leaks.add("graphql " + entry.getKey() + " -> " + body);
            }
        }
        assertEquals(rest.size() + graphql.size(), 18, "every operation of the matrix was walked");
        assertTrue(leaks.isEmpty(), leaks.size() + " leak(s):\n" + String.join("\n", leaks));

        // the owner's data is untouched
        owner.auth().get("/resumes/" + resumeId).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("Owner CV"))
                .body("text", org.hamcrest.Matchers.equalTo(SECRET));
        owner.auth().get("/preferences").then().body("skills", org.hamcrest.Matchers.equalTo(List.of("owner-skill")));
        owner.auth().get("/resumes").then().body("total", org.hamcrest.Matchers.equalTo(1));
        // and without any token every route is 401
        for (String path : List.of("/user/me", "/preferences", "/resumes", "/resumes/" + resumeId,
                "/user/" + ownerId)) {
            given().get(path).then().statusCode(401);
        }
    }
}
