package io.aspaire.users.service;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * user-service verifies tokens with the keys it publishes ({@link SigningKeys}), in process: the key named by the
 * token's {@code kid}, current or previous, so a token signed before a rotation keeps working here as it does at
 * every other verifier (they read the same keys from {@code /.well-known/jwks.json}). A {@code kid} that is not
 * published (any more) is a 401. Issuer, audience, expiry and algorithm are checked as configured for smallrye-jwt
 * (platform's {@code mp.jwt.verify.*}); only the key comes from here.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class PublishedKeysPrincipalFactory extends JWTCallerPrincipalFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKeys keys;
    // with the key given explicitly, the default factory's parser caches no key resolver: one instance serves all keys
    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();

    public PublishedKeysPrincipalFactory(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        String kid = keyId(token);
        PublicKey key = keys.verificationKey(kid).orElseThrow(() -> new ParseException(kid == null
                ? "no signing key is configured"
                : "the token's signing key '" + kid + "' is not published (any more)"));
        JWTAuthContextInfo withKey = new JWTAuthContextInfo(authContextInfo);
        withKey.setPublicVerificationKey(key);
        return verifier.parse(token, withKey);
    }

    /** The {@code kid} of the JOSE header, or null; a header that is not base64url JSON is left to the verifier. */
    private static String keyId(String token) throws ParseException {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new ParseException("the token is not a signed JWT");
        }
        try {
            JsonNode header = JSON.readTree(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8));
            JsonNode kid = header == null ? null : header.get("kid");
            return kid != null && kid.isTextual() ? kid.asText() : null;
        } catch (Exception e) {
            throw new ParseException("the token header is malformed", e);
        }
    }
}
