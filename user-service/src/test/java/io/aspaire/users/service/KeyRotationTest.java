package io.aspaire.users.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.RotatingKeysResource;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The signing key rotates while a user keeps working, the way deploy/k8s/README.md tells an operator to do it
 * (the key files change in place, no restart): the next key is published first, then it signs, while tokens
 * signed with the previous key keep working, here and at a verifier set up like the other services (smallrye-jwt on
 * this JWKS URL); once the previous key is no longer published its tokens get 401.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(value = RotatingKeysResource.class, restrictToAnnotatedClass = true)
class KeyRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;

    /**
     * A verifier set up as job-, pipeline- and ai-service are in a cluster (platform's smallrye-jwt settings with
     * {@code mp.jwt.verify.publickey.location} = this service's JWKS URL): it must follow the rotation too.
     */
    private JWTParser otherService() {
        JWTAuthContextInfo info = new JWTAuthContextInfo(jwksUrl.toString(), "https://aspaire.io");
        info.setExpectedAudience(Set.of("aspaire"));
        info.setJwksRefreshInterval(5);
        info.setForcedJwksRefreshInterval(1);
        return new DefaultJWTParser(info);
    }

    private static boolean accepts(JWTParser verifier, String token) {
        try {
            verifier.parse(token);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    @Test
    void tokensOfTheOldAndTheNewKeyWorkDuringARotationAndTheOldOnesStopWhenItIsUnpublished() throws Exception {
        Api.Session user = Api.newUser("rotation");
        String oldKid = kid(user.accessToken());
        JWTParser otherService = otherService();
        assertTrue(accepts(otherService, user.accessToken()));
        Response jwks = given().get("/.well-known/jwks.json");
        jwks.then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", containsString("max-age=1"));
        assertEquals(List.of(oldKid), publishedKids());
        JsonNode published = JSON.readTree(jwks.asString()).get("keys").get(0);
        assertEquals("RSA", published.get("kty").asText());
        assertEquals("sig", published.get("use").asText());
        assertEquals("RS256", published.get("alg").asText());

        Path privateKey = file(RotatingKeysResource.PRIVATE_KEY);
        Path publicKey = file(RotatingKeysResource.PUBLIC_KEY);
        Path additionalKeys = file(RotatingKeysResource.ADDITIONAL_KEYS);
        String oldPublicPem = Files.readString(publicKey);
        KeyPair next = RotatingKeysResource.newKeyPair();
        String nextPublicPem = RotatingKeysResource.pem("PUBLIC KEY", next.getPublic().getEncoded());

        // 1. the next key is published ahead (every verifier learns it before any token needs it); the old one signs
        RotatingKeysResource.write(additionalKeys, nextPublicPem);
        await().atMost(Duration.ofSeconds(10)).until(() -> publishedKids().size() == 2);
        String newKid = publishedKids().get(1);
        assertNotEquals(oldKid, newKid);
        assertEquals(oldKid, kid(Api.login(user.email(), Api.PASSWORD).accessToken()));

        // 2. the next key becomes current; the old public key stays published
        RotatingKeysResource.write(additionalKeys, oldPublicPem);
        RotatingKeysResource.write(privateKey, RotatingKeysResource.pem("PRIVATE KEY", next.getPrivate().getEncoded()));
        RotatingKeysResource.write(publicKey, nextPublicPem);
        await().atMost(Duration.ofSeconds(10)).until(() -> publishedKids().equals(List.of(newKid, oldKid)));
        Api.Session afterRotation = Api.login(user.email(), Api.PASSWORD);
        assertEquals(newKid, kid(afterRotation.accessToken()));

        // the user keeps working with the token from before the rotation, and with the new one
        user.auth().get("/user/me").then().statusCode(200).body("id", equalTo(user.id().toString()));
        afterRotation.auth().get("/user/me").then().statusCode(200).body("id", equalTo(user.id().toString()));
        Api.graphql(user.accessToken(), "{ me { id } }", null).then().statusCode(200)
                .body("data.me.id", equalTo(user.id().toString()));
        assertTrue(accepts(otherService, user.accessToken()), "old key at another verifier");
        assertTrue(accepts(otherService, afterRotation.accessToken()), "new key at another verifier");
        // a refresh token issued before the rotation gets an access token of the new key
        String refreshed = given().contentType(ContentType.JSON).body(Map.of("refreshToken", user.refreshToken()))
                .post("/user/refresh").then().statusCode(200).extract().path("accessToken");
        assertEquals(newKid, kid(refreshed));

        // 3. the old key is no longer published: its tokens are refused (401, the suite's error body), new ones work
        RotatingKeysResource.write(additionalKeys, "");
        await().atMost(Duration.ofSeconds(10)).until(() -> publishedKids().equals(List.of(newKid)));
        user.auth().get("/user/me").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        Api.graphql(user.accessToken(), "{ me { id } }", null).then().statusCode(401);
        afterRotation.auth().get("/user/me").then().statusCode(200);
        given().header("Authorization", "Bearer " + refreshed).get("/user/me").then().statusCode(200);
        // the other verifier drops the old key once its copy of the set expires (max-age 1 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(otherService, user.accessToken()));
        assertTrue(accepts(otherService, afterRotation.accessToken()));
    }

    @Test
    void aBrokenKeyFileKeepsTheKeysInUse() throws Exception {
        Api.Session user = Api.newUser("broken-key");
        List<String> before = publishedKids();
        Path additionalKeys = file(RotatingKeysResource.ADDITIONAL_KEYS);
        String previous = Files.readString(additionalKeys);
        RotatingKeysResource.write(additionalKeys, "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
        try {
            // two reload intervals later the key set is still the one before, and tokens still work
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> publishedKids().equals(before));
            user.auth().get("/user/me").then().statusCode(200);
            assertEquals(before.get(0), kid(Api.login(user.email(), Api.PASSWORD).accessToken()));
        } finally {
            RotatingKeysResource.write(additionalKeys, previous);
        }
    }

    private static List<String> publishedKids() throws Exception {
        JsonNode keys = JSON.readTree(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString())
                .get("keys");
        return keys.findValuesAsText("kid");
    }

    private static String kid(String token) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
                .get("kid").asText();
    }

    private static Path file(String property) {
        return Path.of(URI.create(ConfigProvider.getConfig().getValue(property, String.class)));
    }

}
