package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.graphql;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.aspaire.gateway.GatewayTestSupport.stubBase;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Composition over time: retry of a subgraph down at start, recomposition, last good supergraph on errors. */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CompositionLifecycleTest {

    @AfterEach
    void restore() {
        resetStubs();
        given().post("/gateway/recompose").then().statusCode(200);
    }

    @Test
    void aSubgraphDownAtStartIsRetriedUntilItComposes() {
        awaitFullyComposed();
        List<Map<String, Object>> sdlRequests = GatewayTestSupport.allRequests("ai").stream()
                .filter(r -> Boolean.TRUE.equals(r.get("sdl"))).toList();
        assertTrue(sdlRequests.size() >= 3, "two refused SDL requests, then a successful one: " + sdlRequests.size());
        graphql("{ recommendations(userId: \"u2\") { ... on Tip { text } } }").then().statusCode(200)
                .body("data.recommendations[1].text", equalTo("Polish your CV, u2"));
    }

    @Test
    void aBrokenSubgraphSchemaKeepsTheLastGoodSupergraphServing() {
        awaitFullyComposed();
        String broken = """
                type Query { recommendations(userId: ID!): [String!]! }
                extend type Job @key(fields: "id") {
                  id: ID! @external
                  title: Int @external
                  summary: String @requires(fields: "title")
                }
                """;
        given().body(broken).post(stubBase("ai") + "/_sdl").then().statusCode(200);
        JsonPath status = given().post("/gateway/recompose").then().statusCode(200).extract().jsonPath();
        List<String> errors = status.getList("compositionErrors");
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Field \"Job.title\" has incompatible types across subgraphs")),
                errors.toString());
        assertEquals(List.of("ai", "jobs", "pipeline", "users"), status.getList("composedSubgraphs"));
        graphql("{ jobs { summary } }").then().statusCode(200)
                .body("data.jobs[0].summary", equalTo("Summary of Backend Engineer"));

        resetStubs(); // the original SDL again
        JsonPath healed = given().post("/gateway/recompose").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), healed.getList("compositionErrors"));
    }

    @Test
    void aChangedSubgraphSchemaIsPickedUpOnRecompose() {
        awaitFullyComposed();
        String extended = io.aspaire.gateway.stubs.StubSubgraphs.AI_SDL
                .replace("type Tip {", "type Tip {\n  level: Int");
        given().body(extended).post(stubBase("ai") + "/_sdl").then().statusCode(200);
        given().post("/gateway/recompose").then().statusCode(200).body("compositionErrors", equalTo(List.of()));
        graphql("{ __type(name: \"Tip\") { fields { name } } }").then().statusCode(200)
                .body("data.__type.fields.name", equalTo(List.of("level", "text")));
    }
}
