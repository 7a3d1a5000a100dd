package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Automatic persisted queries, request for request as Apollo Client's persisted-queries link sends them: the hash
 * alone first, {@code PersistedQueryNotFound}, then the query with its hash; afterwards the hash alone runs it, over
 * POST and over GET.
 */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PersistedQueriesTest {

    @BeforeEach
    void ready() {
        awaitFullyComposed();
        resetStubs();
    }

    @Test
    void apolloClientRoundTripOverPost() {
        String query = "query Names { users { name } }";
        String hash = sha256(query);

        post(null, hash).statusCode(200)
                .body("errors[0].message", equalTo("PersistedQueryNotFound"))
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"))
                .body("data", nullValue());
        assertEquals(List.of(), operations("users"), "an unknown hash reaches no subgraph");

        post(query, hash).statusCode(200).body("data.users.name", equalTo(List.of("Ada", "Grace", "Linus")));
        post(null, hash).statusCode(200).body("data.users.name", equalTo(List.of("Ada", "Grace", "Linus")))
                .body("errors", nullValue());
        assertEquals(2, operations("users").size(), "the registration and the hashed request both ran");
    }

    @Test
    void apolloClientRoundTripOverGet() {
        String query = "query Emails($n: Int) { users(first: $n) { email } }";
        String hash = sha256(query);
        String extensions = "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}";

        given().accept(ContentType.JSON).queryParam("extensions", extensions).queryParam("variables", "{\"n\":1}")
                .get("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));
        given().accept(ContentType.JSON).queryParam("query", query).queryParam("extensions", extensions)
                .queryParam("variables", "{\"n\":1}").get("/graphql").then().statusCode(200)
                .body("data.users.email", equalTo(List.of("ada@aspaire.io")));
        given().accept(ContentType.JSON).queryParam("extensions", extensions).queryParam("variables", "{\"n\":2}")
                .get("/graphql").then().statusCode(200)
                .body("data.users.email", equalTo(List.of("ada@aspaire.io", "grace@aspaire.io")));
    }

    @Test
    void aQueryIsNotRegisteredUnderAnotherQuerysHash() {
        String hash = sha256("{ users { name } }");
        post("{ users { email } }", hash).statusCode(400)
                .body("errors[0].message", equalTo("provided sha does not match query"))
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_HASH_MISMATCH"));
        post(null, hash).statusCode(200).body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));
        assertEquals(List.of(), operations("users"));
    }

    @Test
    void malformedPersistedQueryExtensionsAreBadRequests() {
        Map<String, Object> body = Map.of("extensions", Map.of("persistedQuery", Map.of("version", 2,
                "sha256Hash", sha256("{ me { id } }"))));
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post("/graphql").then()
                .statusCode(400).body("errors[0].extensions.code", equalTo("BAD_REQUEST"))
                .body("errors[0].message", equalTo("Unsupported persisted query version"));
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", "abc"))))
                .post("/graphql").then().statusCode(400).body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }

    private static ValidatableResponse post(String query, String hash) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (query != null) {
            body.put("query", query);
        }
        body.put("variables", Map.of());
        body.put("extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post("/graphql").then();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
