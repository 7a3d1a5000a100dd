package io.aspaire.platform.accounts;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Refuses (401) a valid token whose subject is a deleted account: the token outlives the account by up to its
 * lifetime, the account's data must not. Runs in every service for every authenticated request, WebSocket upgrades
 * included, against this replica's {@link DeletedAccountsCache}.
 */
@ApplicationScoped
public class DeletedAccountAugmentor implements SecurityIdentityAugmentor {

    private final DeletedAccountsCache cache;

    public DeletedAccountAugmentor(DeletedAccountsCache cache) {
        this.cache = cache;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt
                && cache.isDeleted(jwt.getSubject())) {
            return Uni.createFrom().failure(new AuthenticationFailedException(DeletedAccounts.DELETED));
        }
        return Uni.createFrom().item(identity);
    }
}
