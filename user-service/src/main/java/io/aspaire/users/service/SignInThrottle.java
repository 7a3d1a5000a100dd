package io.aspaire.users.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.users.config.SignInLimits;
import io.aspaire.platform.errors.TooManyRequestsException;

/**
 * Slows down password guessing. Failed sign-ins are counted per (account, client address) pair, per account and per
 * client address; past a budget ({@link SignInLimits}) each further failure blocks for a delay that doubles every time
 * (1 s, 2 s, 4 s ... up to 15 min), answered with 429 and {@code Retry-After} before any password is hashed.
 *
 * <ul>
 * <li>The pair budget is small: one client guessing one account is slowed quickly. A successful sign-in clears it.</li>
 * <li>The account budget is larger and does not apply to addresses that signed in to that account successfully in
 * the last 30 days: guesses from elsewhere cannot lock the owner out of their usual devices, and a new device is
 * only blocked while the account is under attack.</li>
 * <li>The address budget catches one client trying many accounts.</li>
 * </ul>
 *
 * <p>State is kept in memory, per instance: with several instances behind a load balancer an attacker gets each
 * instance's budget (sticky routing or a shared store would tighten that). The client address is the connection's
 * remote address; {@code X-Forwarded-For}/{@code Forwarded} count only when
 * {@code quarkus.http.proxy.proxy-address-forwarding} (with {@code allow-x-forwarded} and {@code trusted-proxies}) is
 * configured for the proxy in front of the service, since anyone can send those headers.
 */
@ApplicationScoped
public class SignInThrottle {

    /** Failures of one key. */
    private static final class Failures {
        int count;
        long lastNanos;
        long blockedUntilNanos;
    }

    private final SignInLimits limits;
    private final long origin = System.nanoTime();
    private final Map<String, Failures> failures = new HashMap<>();
    /** "account|address" -> until when that address is trusted for that account */
    private final Map<String, Long> trusted = new HashMap<>();

    public SignInThrottle(SignInLimits limits) {
        this.limits = limits;
    }

    /** Refuses an attempt that is blocked, with how long to wait. Costs nothing (no hashing, no database). */
    public synchronized void check(String account, String address) {
        long now = now();
        long until = blockedUntil(pair(account, address), now);
        until = Math.max(until, blockedUntil(byAddress(address), now));
        if (!isTrusted(account, address, now)) {
            until = Math.max(until, blockedUntil(byAccount(account), now));
        }
        if (until > now) {
            Duration wait = Duration.ofNanos(until - now);
            throw new TooManyRequestsException("too many failed sign-in attempts: try again in "
                    + Math.max(1, (wait.toMillis() + 999) / 1000) + " s", wait);
        }
    }

    public synchronized void failed(String account, String address) {
        long now = now();
        count(pair(account, address), limits.pairFailures(), now);
        count(byAddress(address), limits.addressFailures(), now);
        if (!isTrusted(account, address, now)) {
            count(byAccount(account), limits.accountFailures(), now);
        }
    }

    public synchronized void succeeded(String account, String address) {
        failures.remove(pair(account, address));
        makeRoom();
        trusted.put(account + "|" + address, now() + limits.trustAfterSuccess().toNanos());
    }

    /** Nanoseconds since this throttle started: always positive, so 0 can mean "not blocked". */
    private long now() {
        return System.nanoTime() - origin + 1;
    }

    private long blockedUntil(String key, long now) {
        Failures f = failures.get(key);
        return f == null ? 0 : f.blockedUntilNanos;
    }

    private void count(String key, int budget, long now) {
        Failures f = failures.get(key);
        if (f == null || now - f.lastNanos > limits.forgetAfter().toNanos()) {
            makeRoom();
            f = new Failures();
            failures.put(key, f);
        }
        f.count++;
        f.lastNanos = now;
        if (f.count >= budget) {
            int doublings = Math.min(30, f.count - budget);
            long delay = Math.min(limits.maxDelay().toNanos(), limits.firstDelay().toNanos() << doublings);
            f.blockedUntilNanos = now + (delay < 0 ? limits.maxDelay().toNanos() : delay);
        }
    }

    private boolean isTrusted(String account, String address, long now) {
        Long until = trusted.get(account + "|" + address);
        return until != null && until > now;
    }

    /** Keeps the maps within {@code max-entries}: expired entries go first, then the oldest-looking ones. */
    private void makeRoom() {
        if (failures.size() + trusted.size() < limits.maxEntries()) {
            return;
        }
        long now = now();
        long forget = limits.forgetAfter().toNanos();
        failures.values().removeIf(f -> now - f.lastNanos > forget && f.blockedUntilNanos < now);
        trusted.values().removeIf(until -> until < now);
        for (Iterator<?> it = failures.values().iterator(); it.hasNext()
                && failures.size() + trusted.size() >= limits.maxEntries();) {
            it.next();
            it.remove();
        }
        for (Iterator<?> it = trusted.values().iterator(); it.hasNext()
                && failures.size() + trusted.size() >= limits.maxEntries();) {
            it.next();
            it.remove();
        }
    }

    private static String pair(String account, String address) {
        return "pair|" + account + "|" + address;
    }

    private static String byAccount(String account) {
        return "account|" + account;
    }

    private static String byAddress(String address) {
        return "address|" + address;
    }
}
