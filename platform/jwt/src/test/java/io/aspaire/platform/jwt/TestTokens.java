package io.aspaire.platform.jwt;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** RS256 tokens as user-service issues them (issuer, subject, exp), signed with a test key. */
final class TestTokens {

    static final String ISSUER = "https://aspaire.io";

    private TestTokens() {
    }

    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A token of a new subject that expires at {@code expiresAtEpochSeconds}. */
    static String sign(PrivateKey key, long expiresAtEpochSeconds) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAtEpochSeconds));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** The same token with one character of its signature changed (not the last: it carries padding bits only). */
    static String tampered(String token) {
        int last = token.length() - 2;
        char changed = token.charAt(last) == 'A' ? 'B' : 'A';
        return token.substring(0, last) + changed + token.substring(last + 1);
    }
}
