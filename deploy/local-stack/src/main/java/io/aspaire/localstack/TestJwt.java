package io.aspaire.localstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tokens for tests of services that only verify JWTs: RS256, signed with the test stack's private key, with the
 * suite's issuer and audience -- exactly what user-service issues. Plain JDK crypto, so no service needs the
 * signing library just for tests.
 */
public final class TestJwt {

    public static final String ISSUER = "https://aspaire.io";
    public static final String AUDIENCE = "aspaire";

    private TestJwt() {
    }

    /** A valid token for {@code userId} with the {@code user} group, valid for an hour. */
    public static String forUser(UUID userId) {
        return sign(userId.toString(), new String[] { "user" }, Instant.now().plusSeconds(3600), ISSUER);
    }

    /** A valid token with the given groups (e.g. "admin"). */
    public static String forUser(UUID userId, String... groups) {
        return sign(userId.toString(), groups, Instant.now().plusSeconds(3600), ISSUER);
    }

    /** A token that expired an hour ago (beyond any clock-skew grace). */
    public static String expired(UUID userId) {
        return sign(userId.toString(), new String[] { "user" }, Instant.now().minusSeconds(3600), ISSUER);
    }

    /** A valid token whose payload was altered after signing (the signature no longer matches). */
    public static String tampered(UUID userId, UUID otherUserId) {
        String token = forUser(userId);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(userId.toString(), otherUserId.toString());
        return parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    public static String sign(String subject, String[] groups, Instant expiresAt, String issuer) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groupsJson = Stream.of(groups).map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]"));
        String payload = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"upn\":\"" + subject + "\",\"groups\":" + groupsJson + ",\"iat\":" + Math.min(now,
                        expiresAt.getEpochSecond() - 60)
                + ",\"exp\":" + expiresAt.getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    private static PrivateKey privateKey() throws Exception {
        Path pem = LocalStackTestResource.infrastructure().jwtPrivateKey;
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
