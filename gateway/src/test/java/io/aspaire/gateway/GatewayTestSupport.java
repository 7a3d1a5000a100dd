package io.aspaire.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Helpers shared by the gateway tests: GraphQL calls, stub subgraph inspection, JWT signing. */
final class GatewayTestSupport {

    static final List<String> SUBGRAPHS = List.of("ai", "jobs", "pipeline", "users");

    private GatewayTestSupport() {
    }

    /** Waits until the gateway has composed all four stubs (the "ai" stub is down for its first SDL requests). */
    static void awaitFullyComposed() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> composed = given().get("/gateway/supergraph").then().extract().path("composedSubgraphs");
            return composed != null && composed.containsAll(SUBGRAPHS);
        });
    }

    static Response graphql(String query) {
        return graphql(query, Map.of(), null);
    }

    static Response graphql(String query, Map<String, Object> variables, String operationName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post("/graphql");
    }

    static String stubBase(String subgraph) {
        String url = ConfigProvider.getConfig().getValue("aspaire.gateway.subgraphs." + subgraph + ".url", String.class);
        return url.substring(0, url.length() - "/graphql".length());
    }

    static void resetStubs() {
        for (String subgraph : SUBGRAPHS) {
            given().post(stubBase(subgraph) + "/_reset").then().statusCode(200);
        }
    }

    static void setMode(String subgraph, String mode) {
        given().queryParam("value", mode).post(stubBase(subgraph) + "/_mode").then().statusCode(200);
    }

    /** Operation requests (not SDL fetches) a stub received since the last reset. */
    static List<Map<String, Object>> operations(String subgraph) {
        List<Map<String, Object>> all = given().get(stubBase(subgraph) + "/_requests").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(r -> !Boolean.TRUE.equals(r.get("sdl"))).toList();
    }

    static List<Map<String, Object>> allRequests(String subgraph) {
        return given().get(stubBase(subgraph) + "/_requests").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** An RS256 JWT signed with the test key; {@code expiresIn} may be negative for an expired token. */
    static String token(String subject, Duration expiresIn, String issuer) {
        try {
            String keyText = ConfigProvider.getConfig().getValue(StubSubgraphsResource.PRIVATE_KEY_PROPERTY, String.class);
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyText)));
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
            String payload = "{\"iss\":\"" + issuer + "\",\"aud\":\"aspaire\",\"sub\":\"" + subject
                    + "\",\"upn\":\"" + subject + "@aspaire.io\",\"groups\":[\"user\"],\"iat\":" + (now - 60)
                    + ",\"exp\":" + (now + expiresIn.toSeconds()) + "}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String validToken() {
        return token("u1", Duration.ofMinutes(5), "https://aspaire.io");
    }
}
