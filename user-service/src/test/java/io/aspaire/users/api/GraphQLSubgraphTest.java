package io.aspaire.users.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The Federation 2 subgraph: the SDL a gateway composes, entity resolution in a batch, and the User fields. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class GraphQLSubgraphTest {

    @Test
    void serviceSdlIsAFederation2SubgraphWithTheUserEntity() throws Exception {
        // _service is public (the gateway reads it at composition time, before any user exists)
        String sdl = Api.graphql(null, "{ _service { sdl } }", null).then().statusCode(200)
                .body("errors", nullValue()).extract().path("data._service.sdl");
        // kept for the composition check against the other subgraphs (@apollo/composition, see README)
        Files.writeString(Path.of("target/user-service.graphql"), sdl);
        assertTrue(sdl.contains("@link(") && sdl.contains("https://specs.apollo.dev/federation/v2.7"), sdl);
        assertTrue(sdl.matches("(?s).*type User @key\\(fields ?: ?\"id\"\\).*"), sdl);
        for (String field : List.of("userByAuth(", "resumesByUser(", "setPreferences(", "createUser(",
                "createResume(", "updateResume(", "deleteResume(", "preferences: Preferences", "resumes(")) {
            assertTrue(sdl.contains(field), field + " missing from\n" + sdl);
        }
    }

    @Test
    void entitiesAreResolvedInOneBatchInInputOrder() {
        Api.Session gina = Api.newUser("gina");
        gina.auth().contentType("application/json")
                .body(Map.of("title", "CV", "text", "Gina builds GraphQL gateways"))
                .post("/resumes").then().statusCode(201);
        String query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email "
                + "preferences { pageSize } resumes { title isDefault } } } }";
        Map<String, Object> ref = Map.of("__typename", "User", "id", gina.id().toString());
        Api.graphql(gina.accessToken(), query, Map.of("r", List.of(ref, ref)))
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data._entities.size()", equalTo(2))
                .body("data._entities[0].id", equalTo(gina.id().toString()))
                .body("data._entities[1].email", equalTo(gina.email().toLowerCase()))
                .body("data._entities[0].preferences.pageSize", equalTo(20))
                .body("data._entities[0].resumes[0].title", equalTo("CV"))
                .body("data._entities[0].resumes[0].isDefault", equalTo(true));
    }

    /**
     * graphql-java resolves sibling fields at once: here about twenty fetchers of one request (five aliased roots,
     * each with its own {@code preferences} and {@code resumes}) hit the database concurrently. Each must get its own
     * Hibernate Reactive session: a shared one fails them ("Illegal pop()", "Session is closed", "HR000061").
     */
    @Test
    void siblingFieldsEachGetTheirOwnSession() {
        Api.Session hana = Api.newUser("hana");
        hana.auth().contentType("application/json")
                .body(Map.of("title", "Resume A", "text", "Hana designs data pipelines"))
                .post("/resumes").then().statusCode(201);
        String self = "id email preferences { pageSize } resumes { title }";
        String query = "query($id: ID!, $r: [_Any!]!) { a: me { " + self + " } b: me { " + self + " } "
                + "c: user(id: $id) { " + self + " } d: user(id: $id) { " + self + " } "
                + "p: preferences(userId: $id) { pageSize } q: preferences(userId: $id) { pageSize } "
                + "r: resumesByUser(userId: $id) { title } s: resumesByUser(userId: $id) { title } "
                + "e: _entities(representations: $r) { ... on User { " + self + " } } }";
        Map<String, Object> variables = Map.of("id", hana.id().toString(),
                "r", List.of(Map.of("__typename", "User", "id", hana.id().toString())));
        for (int round = 0; round < 10; round++) {
            var json = Api.graphql(hana.accessToken(), query, variables)
                    .then().statusCode(200).extract().jsonPath();
            assertNull(json.get("errors"), json.prettify());
            for (String alias : List.of("a", "b", "c", "d", "e[0]")) {
                assertEquals(hana.email().toLowerCase(), json.getString("data." + alias + ".email"), json.prettify());
                assertEquals(20, json.getInt("data." + alias + ".preferences.pageSize"));
                assertEquals("Resume A", json.getString("data." + alias + ".resumes[0].title"));
            }
            assertEquals(20, json.getInt("data.q.pageSize"));
            assertEquals("Resume A", json.getString("data.s[0].title"));
        }
    }

    @Test
    void anonymousCallsAreRefusedWithACode() {
        var json = Api.graphql(null, "{ me { id } }", null).then().statusCode(200).extract().jsonPath();
        assertEquals("UNAUTHENTICATED",
                json.getString("errors[0].extensions.code"), json.prettify());
        given().get("/graphql/schema.graphql").then().statusCode(200);
    }
}
