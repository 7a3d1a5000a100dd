package io.aspaire.gateway.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.aspaire.gateway.accounts.DeletedAccounts;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Early JWT check at the gateway: a request carrying a bad token is refused before any subgraph is called.
 * A missing token is fine (each subgraph decides what anonymous callers may do); the token itself is always
 * forwarded, never replaced. Verification uses the standard MicroProfile JWT settings
 * ({@code mp.jwt.verify.publickey.location}, {@code .issuer}, {@code .audiences}); without a public key the gateway
 * cannot verify and only forwards. A valid token of an account deleted since ({@link DeletedAccounts}) is refused.
 */
@ApplicationScoped
public class JwtGuard {

    private static final Logger LOG = Logger.getLogger(JwtGuard.class);

    /** {@code REVOKED}: a valid token of an account deleted since it was issued. */
    public enum Outcome { ABSENT, VALID, UNVERIFIED, INVALID, REVOKED }

    public record Verdict(Outcome outcome, String reason) {
    }

    private final JWTParser parser;
    private final DeletedAccounts deletedAccounts;
    private final boolean verificationEnabled;

    public JwtGuard(JWTParser parser, DeletedAccounts deletedAccounts,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key) {
        this.parser = parser;
        this.deletedAccounts = deletedAccounts;
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
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Verdict(Outcome.INVALID, "unsupported authorization scheme (expected a Bearer token)");
        }
        String token = authorization.substring(7).trim();
        try {
            JsonWebToken jwt = parser.parse(token);
            if (deletedAccounts.isDeleted(jwt.getSubject())) {
                return new Verdict(Outcome.REVOKED, "this account has been deleted");
            }
            return new Verdict(Outcome.VALID, null);
        } catch (ParseException e) {
            LOG.debugf(e, "Rejected token");
            return new Verdict(Outcome.INVALID, describe(e));
        } catch (RuntimeException e) {
            return new Verdict(Outcome.INVALID, "token cannot be verified");
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
