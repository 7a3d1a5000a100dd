package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Without a JWT public key the gateway still starts, and forwards tokens it cannot verify. */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "jwt", value = "none"))
class GatewayWithoutJwtKeyTest {

    @Test
    void forwardsUnverifiedTokens() {
        awaitFullyComposed();
        resetStubs();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer opaque-token")
                .body(Map.of("query", "{ users { id } }")).post("/graphql").then().statusCode(200)
                .body("data.users[0].id", equalTo("u1"));
        assertEquals("Bearer opaque-token", operations("users").get(0).get("authorization"));
    }
}
