package io.aspaire.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.aspaire.gateway.accounts.DeletedAccounts;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

/**
 * Early JWT check at the gateway: a request carrying a bad token is refused before any subgraph is called.
 * A missing token is fine (each subgraph decides what anonymous callers may do); the token itself is always
 * forwarded, never replaced. Verification uses the standard MicroProfile JWT settings
 * ({@code mp.jwt.verify.publickey.location}, {@code .issuer}, {@code .audiences}); without a public key the gateway
 * cannot verify and only forwards. The location is a PEM key, or user-service's JWKS URL: then the key is the one
 * the token's {@code kid} names in {@link PublishedKeys} (so tokens of the previous and of the new key both verify
 * during a rotation). A valid token of an account deleted since ({@link DeletedAccounts}) is refused.
 */
@ApplicationScoped
public class JwtGuard {

    private static final Logger LOG = Logger.getLogger(JwtGuard.class);

    /** {@code REVOKED}: a valid token of an account deleted since it was issued. */
    public enum Outcome { ABSENT, VALID, UNVERIFIED, INVALID, REVOKED }

    /** {@code subject} and {@code expiresAt} are set for a VALID token (WebSocket connections watch them). */
    public record Verdict(Outcome outcome, String reason, String subject, Instant expiresAt) {

        public Verdict(Outcome outcome, String reason) {
            this(outcome, reason, null, null);
        }

    }

    private final JWTParser parser;
    private final DeletedAccounts deletedAccounts;
    private final PublishedKeys publishedKeys;
    private final boolean verificationEnabled;

    public JwtGuard(JWTParser parser, DeletedAccounts deletedAccounts, PublishedKeys publishedKeys,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key) {
        this.parser = parser;
        this.deletedAccounts = deletedAccounts;
        this.publishedKeys = publishedKeys;
        // "NONE" is smallrye-jwt's own "not configured" value (an empty value would not be a valid default)
        this.verificationEnabled = keyLocation.filter(s -> !s.isBlank() && !s.equals("NONE")).isPresent()
                || key.filter(s -> !s.isBlank() && !s.equals("NONE")).isPresent();
    }

    void onStart(@Observes StartupEvent event) {
        if (!verificationEnabled) {
            LOG.warn("No JWT public key configured (ASPAIRE_JWT_PUBLIC_KEY_LOCATION / mp.jwt.verify.publickey.location):"
                    + " the gateway forwards Authorization headers without verifying them; subgraphs still verify.");
        }
    }

    public boolean verificationEnabled() {
        return verificationEnabled;
    }

    /** Checks an {@code Authorization} header value (may be {@code null}). */
    public Verdict check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Verdict(Outcome.ABSENT, null);
        }
        if (!verificationEnabled) {
            return new Verdict(Outcome.UNVERIFIED, null);
        }
        String token = bearerToken(authorization);
        if (token == null) {
            return new Verdict(Outcome.INVALID, "unsupported authorization scheme (expected a Bearer token)");
        }
        try {
            JsonWebToken jwt;
            if (publishedKeys.enabled()) {
                // the key set in hand: PublishedKeysRoute fetched it first if it had expired or lacked this kid
                Optional<PublicKey> key = publishedKeys.key(keyId(token));
                if (key.isEmpty()) {
                    return new Verdict(Outcome.INVALID, "the token's signing key is not (or no longer) published");
                }
                jwt = parser.verify(token, key.get());
            } else {
                jwt = parser.parse(token);
            }
            if (deletedAccounts.isDeleted(jwt.getSubject())) {
                return new Verdict(Outcome.REVOKED, "this account has been deleted");
            }
            return new Verdict(Outcome.VALID, null, jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime()));
        } catch (ParseException e) {
            LOG.debugf(e, "Rejected token");
            return new Verdict(Outcome.INVALID, describe(e));
        } catch (RuntimeException e) {
            return new Verdict(Outcome.INVALID, "token cannot be verified");
        }
    }

    /**
     * As {@link #check}, after fetching the published key set when the token names a key not in hand (on HTTP
     * requests {@code PublishedKeysRoute} does that before the handler runs; a WebSocket's token arrives later, in
     * {@code connection_init}).
     */
    public Uni<Verdict> checkFetchingKeys(String authorization) {
        String token = bearerToken(authorization);
        if (!verificationEnabled || token == null || !publishedKeys.enabled()) {
            return Uni.createFrom().item(() -> check(authorization));
        }
        return publishedKeys.fetchFor(keyId(token)).orElse(Uni.createFrom().voidItem())
                .onFailure().recoverWithNull().replaceWithVoid()
                .map(v -> check(authorization));
    }

    /** The token of a {@code Bearer} Authorization header, or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** The {@code kid} of a token's JOSE header; null when absent or unreadable (the verification then decides). */
    static String keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            Object kid = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8)).get("kid");
            return kid instanceof String text ? text : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** A reason the client can act on, without echoing the token's content. */
    private static String describe(ParseException e) {
        if (e.getCause() instanceof InvalidJwtException invalid) {
            if (invalid.hasExpired()) {
                return "the token has expired";
            }
            if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                return "the token issuer is not accepted";
            }
            if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                return "the token audience is not accepted";
            }
            if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                return "the token is not valid yet";
            }
        }
        return "the token is malformed or its signature is invalid";
    }
}
