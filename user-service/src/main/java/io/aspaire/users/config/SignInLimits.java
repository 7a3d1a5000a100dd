package io.aspaire.users.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Sign-in throttling and password hashing bounds (prefix {@code aspaire.users.sign-in}); see {@link io.aspaire.users.service.SignInThrottle}.
 * Each failure past a budget blocks for {@code first-delay}, doubling with every further failure up to
 * {@code max-delay}.
 */
@ConfigMapping(prefix = "aspaire.users.sign-in")
public interface SignInLimits {

    /** Failures of one (account, client address) pair before that pair is throttled. */
    @WithDefault("5")
    int pairFailures();

    /**
     * Failures on one account, from all addresses that have not signed in to it successfully, before those are
     * throttled for it. Addresses the owner signed in from recently are not affected, so an attacker cannot lock
     * the owner out.
     */
    @WithDefault("20")
    int accountFailures();

    /** Failures from one client address over all accounts (password spraying) before it is throttled. */
    @WithDefault("50")
    int addressFailures();

    @WithDefault("PT1S")
    Duration firstDelay();

    @WithDefault("PT15M")
    Duration maxDelay();

    /** Failures are forgotten after this long without a new one. */
    @WithDefault("PT1H")
    Duration forgetAfter();

    /** How long a successful sign-in from an address keeps that address exempt from its account's budget. */
    @WithDefault("P30D")
    Duration trustAfterSuccess();

    /** Entries kept in memory at most (failure counters + trusted addresses); expired ones are dropped first. */
    @WithDefault("100000")
    int maxEntries();

    /** bcrypt computations at once (each takes ~0.3 s of one core at cost 12). */
    @WithDefault("1")
    int hashingThreads();

    /** bcrypt computations waiting for a thread; more are refused with 503 and Retry-After. */
    @WithDefault("8")
    int hashingQueue();

    /** Longest wait for a hash, queue included, before 503. */
    @WithDefault("PT10S")
    Duration hashingTimeout();
}
