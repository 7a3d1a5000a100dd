package io.aspaire.platform.security;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.UnauthenticatedException;

/**
 * The caller as the suite's JWT names them: {@code sub} is the user id, {@code groups} holds roles. Every user-scoped
 * REST route and GraphQL field asks this bean, so "a user only ever sees their own data" is enforced in one way.
 */
@RequestScoped
public class CurrentUser {

    public static final String ADMIN = "admin";
    public static final String USER = "user";

    private static final Subject NONE = new Subject(null, null);

    private final JsonWebToken jwt;
    /**
     * The token's subject, read once per request: every read goes through the token's request-scoped proxy and its
     * claims (1.4-1.9 % of each subgraph's samples in the three-subgraph benchmark, findings session 9), and a request
     * asks several times (each fetcher, each ownership check). Null until read; volatile because a request's fetchers
     * may run on more than one thread.
     */
    private volatile Subject subject;

    /** The raw {@code sub} claim and, when it is one, the user id it names. */
    private record Subject(String raw, UUID id) {
    }

    public CurrentUser(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public boolean isAuthenticated() {
        return subject().raw() != null;
    }

    /** The caller's user id; unauthenticated callers get a clear 401. */
    public UUID id() {
        Subject s = subject();
        if (s.raw() == null) {
            throw new UnauthenticatedException("authentication required: send 'Authorization: Bearer <token>'");
        }
        if (s.id() == null) {
            throw new UnauthenticatedException("token subject is not a user id");
        }
        return s.id();
    }

    private Subject subject() {
        Subject s = subject;
        if (s == null) {
            String raw = jwt == null ? null : jwt.getSubject();
            s = raw == null ? NONE : new Subject(raw, parse(raw));
            subject = s;
        }
        return s;
    }

    private static UUID parse(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isAdmin() {
        return isAuthenticated() && jwt.getGroups().contains(ADMIN);
    }

    /** Fails with 403 unless the caller is {@code userId} (admins included: data stays private to its owner). */
    public UUID requireSelf(UUID userId) {
        UUID me = id();
        if (!me.equals(userId)) {
            throw new ForbiddenException("this data belongs to another user");
        }
        return me;
    }

    /** Fails with 403 unless the caller owns the resource; use after loading it. */
    public void requireOwner(UUID ownerId) {
        requireSelf(ownerId);
    }
}
