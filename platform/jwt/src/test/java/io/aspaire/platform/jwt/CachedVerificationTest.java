package io.aspaire.platform.jwt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * The cache is what Quarkus's bearer-token authentication uses: a second request with the same token is not verified
 * again, a tampered or expired one is still refused (401) even right after its original was cached.
 * (Authentication is proactive: it runs on every request, whatever the path.)
 */
@QuarkusTest
@QuarkusTestResource(value = TestKeysResource.class, restrictToAnnotatedClass = true)
class CachedVerificationTest {

    @Inject
    VerifiedTokens verifiedTokens;

    @Inject
    JWTAuthContextInfo verification;

    @ConfigProperty(name = "aspaire.test.jwt.private-key")
    String privateKeyFile;

    private PrivateKey privateKey() throws Exception {
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(Path.of(privateKeyFile))));
    }

    private static int status(String token) {
        return given().header("Authorization", "Bearer " + token).get("/nothing-here").statusCode();
    }

    @Test
    void aSecondRequestWithTheSameTokenReusesItsVerification() throws Exception {
        String token = TestTokens.sign(privateKey(), TestTokens.nowSeconds() + 600);
        long verifications = verifiedTokens.verifications();
        long hits = verifiedTokens.hits();
        assertEquals(404, status(token));
        assertEquals(404, status(token));
        assertEquals(verifications + 1, verifiedTokens.verifications());
        assertEquals(hits + 1, verifiedTokens.hits());
        assertEquals(401, status(TestTokens.tampered(token)));
        assertEquals(verifications + 1, verifiedTokens.verifications());
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws Exception {
        long exp = TestTokens.nowSeconds() + 2;
        String token = TestTokens.sign(privateKey(), exp);
        long hits = verifiedTokens.hits();
        assertEquals(404, status(token));
        assertEquals(404, status(token));
        assertEquals(hits + 1, verifiedTokens.hits(), "the second request was answered from the cache");
        long refusedFrom = (exp + VerifiedTokens.allowedSkewSeconds(verification)) * 1000;
        assertEquals(1, VerifiedTokens.allowedSkewSeconds(verification), "the test's mp.jwt.verify.clock.skew");
        while (System.currentTimeMillis() < refusedFrom + 50) {
            Thread.sleep(50);
        }
        assertEquals(401, status(token));
    }
}
