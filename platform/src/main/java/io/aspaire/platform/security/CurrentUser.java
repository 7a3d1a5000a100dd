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

    private final JsonWebToken jwt;

    public CurrentUser(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public boolean isAuthenticated() {
        return jwt != null && jwt.getSubject() != null;
    }

    /** The caller's user id; unauthenticated callers get a clear 401. */
    public UUID id() {
        if (!isAuthenticated()) {
            throw new UnauthenticatedException("authentication required: send 'Authorization: Bearer <token>'");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            throw new UnauthenticatedException("token subject is not a user id");
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
