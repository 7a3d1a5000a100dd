package io.aspaire.users.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt hashing. Deliberately slow, so it runs on a worker thread; the result comes back on the caller's Vert.x
 * context, where the Hibernate Reactive session lives.
 */
@ApplicationScoped
public class Passwords {

    private final Vertx vertx;
    private final int cost;
    /** Compared against when the e-mail is unknown, so "no such user" costs as long as "wrong password". */
    private final String dummyHash;

    public Passwords(Vertx vertx, @ConfigProperty(name = "aspaire.users.bcrypt-cost", defaultValue = "12") int cost) {
        this.vertx = vertx;
        this.cost = cost;
        this.dummyHash = BcryptUtil.bcryptHash("not-a-password-" + System.nanoTime(), cost);
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(() -> BcryptUtil.bcryptHash(password, cost), false);
    }

    /** True if {@code password} matches {@code hash}; a null hash (unknown user) is checked against a dummy. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(() -> {
            boolean ok = BcryptUtil.matches(password, hash == null ? dummyHash : hash);
            return ok && hash != null;
        }, false);
    }
}
