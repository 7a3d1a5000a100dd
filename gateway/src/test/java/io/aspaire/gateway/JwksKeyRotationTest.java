package io.aspaire.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.aspaire.gateway.stubs.JwksStubResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The gateway verifies tokens with the key set user-service publishes (here a stand-in with a one-second max-age):
 * during a rotation tokens of the old and of the new key both pass; a token naming a key the gateway has not seen
 * yet makes it fetch the set at once (no wait for the max-age); once the old key is no longer published its tokens
 * get 401, not 500.
 */
@QuarkusTest
@WithTestResource(value = JwksStubResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class JwksKeyRotationTest {

    private static final KeyPair OLD = newKeyPair();
    private static final KeyPair NEW = newKeyPair();

    @BeforeAll
    static void publishTheOldKey() throws Exception {
        publish(OLD);
    }

    @Test
    void oldAndNewKeysWorkDuringARotationAndAnUnpublishedKeyIs401() throws Exception {
        GatewayTestSupport.awaitFullyComposed();
        String oldToken = token(OLD, "u1");
        meAs(oldToken).then().statusCode(200).body("data.me.name", equalTo("Ada"));

        // the new key signs before the gateway's cached set (max-age 1 s) expires: its unknown kid triggers a fetch
        publish(NEW, OLD);
        int fetchesBefore = fetches();
        String newToken = token(NEW, "u1");
        meAs(newToken).then().statusCode(200).body("data.me.name", equalTo("Ada"));
        assertEquals(fetchesBefore + 1, fetches(), "one fetch for the unknown kid");
        meAs(oldToken).then().statusCode(200).body("errors", nullValue());

        // the old key is no longer published: once the gateway's copy expires its tokens are refused with 401
        publish(NEW);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> meAs(oldToken).statusCode() == 401);
        meAs(oldToken).then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", equalTo("Unauthorized: the token's signing key is not (or no longer) published."));
        meAs(newToken).then().statusCode(200).body("data.me.name", equalTo("Ada"));

        // a key nobody published: refused; made-up kids do not make the gateway fetch the set for every request
        KeyPair foreign = newKeyPair();
        meAs(token(foreign, "u1")).then().statusCode(401);
        int afterFirstUnknown = fetches();
        for (int i = 0; i < 20; i++) {
            meAs(token(foreign, "u1")).then().statusCode(401);
        }
        // at most the max-age refreshes (1 s) of that time, not one per request
        assertTrue(fetches() - afterFirstUnknown <= 3, "fetches: " + (fetches() - afterFirstUnknown));
    }

    private static Response meAs(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", "{ me { name } }")).post("/graphql");
    }

    private static String jwksUrl() {
        return ConfigProvider.getConfig().getValue(JwksStubResource.JWKS_URL_PROPERTY, String.class);
    }

    private static int fetches() {
        return Integer.parseInt(given().get(jwksUrl().replace("/.well-known/jwks.json", "/fetches")).asString());
    }

    private static void publish(KeyPair... pairs) throws Exception {
        List<JsonWebKey> keys = new ArrayList<>();
        for (KeyPair pair : pairs) {
            keys.add(jwk(pair));
        }
        given().body(new JsonWebKeySet(keys).toJson()).put(jwksUrl()).then().statusCode(204);
    }

    private static RsaJsonWebKey jwk(KeyPair pair) throws Exception {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jwk;
    }

    /** What user-service issues: RS256 with the key's thumbprint as kid. */
    private static String token(KeyPair pair, String subject) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://aspaire.io");
        claims.setAudience("aspaire");
        claims.setSubject(subject);
        claims.setClaim("upn", subject + "@aspaire.io");
        claims.setStringListClaim("groups", "user");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(pair.getPrivate());
        jws.setKeyIdHeaderValue(jwk(pair).getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
