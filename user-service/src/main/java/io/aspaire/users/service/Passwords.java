package io.aspaire.users.service;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;


import io.aspaire.users.config.SignInLimits;
import io.aspaire.users.config.PasswordsConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.work.BoundedWorkerPool;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;

/**
 * bcrypt hashing. Deliberately slow (~0.3 s of a core at cost 12), so it runs on a small pool of its own
 * ({@code aspaire.users.sign-in.hashing-threads}, default 1, with a short queue): a burst of sign-ins waits there or
 * gets 503 with Retry-After, and cannot take the cores or worker threads the rest of the service needs. The result
 * comes back on the caller's Vert.x context, where the Hibernate Reactive session lives.
 */
@ApplicationScoped
public class Passwords {

    private final BoundedWorkerPool pool;
    private final Duration timeout;
    private final int cost;
    /** Compared against when the e-mail is unknown, so "no such user" costs as long as "wrong password". */
    private final String dummyHash;

    public Passwords(SignInLimits limits, PasswordsConfig config) {
        this.pool = new BoundedWorkerPool("bcrypt", limits.hashingThreads(), limits.hashingQueue());
        this.timeout = limits.hashingTimeout();
        this.cost = config.bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash("not-a-password-" + System.nanoTime(), cost);
    }

    @PreDestroy
    void close() {
        pool.close();
    }

    public Uni<String> hash(String password) {
        return pool.submit(() -> BcryptUtil.bcryptHash(password, cost), timeout, Passwords::busy, Passwords::busy);
    }

    /** True if {@code password} matches {@code hash}; a null hash (unknown user) is checked against a dummy. */
    public Uni<Boolean> matches(String password, String hash) {
        return pool.submit(() -> {
            boolean ok = BcryptUtil.matches(password, hash == null ? dummyHash : hash);
            return ok && hash != null;
        }, timeout, Passwords::busy, Passwords::busy);
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException("too many sign-ins are being checked right now: retry in a moment",
                Duration.ofSeconds(1));
    }
}
