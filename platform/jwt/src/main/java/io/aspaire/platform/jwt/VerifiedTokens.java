package io.aspaire.platform.jwt;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Tokens this process has verified, so that the next request with the same token skips the RS256 signature check
 * and the claims' JSON parsing (about half of a {@code { __typename }} request's CPU in every service, findings
 * session 7; a gateway request to three subgraphs verified the same token four times).
 *
 * <p>What keeps it safe:
 * <ul>
 * <li>The key is the exact token string: any other string, a tampered one included, is verified in full. Only a
 * successful verification is remembered; a refused token is verified again every time.</li>
 * <li>An entry is used only while the token would still pass the time checks smallrye-jwt makes: before its
 * {@code exp} plus the allowed skew ({@code smallrye.jwt.expiration.grace}, else {@code mp.jwt.verify.clock.skew}),
 * and within {@code mp.jwt.verify.token.age} of its {@code iat} when that is set. Past that it is verified again
 * (and refused).</li>
 * <li>An entry is remembered with the key it was verified with when the caller names one (the gateway's
 * {@code verify(token, key)} with the key its published set names now): a token whose key has been withdrawn or
 * replaced is verified again. Where smallrye-jwt picks the key itself (a JWKS URL), an entry lives at most
 * {@code aspaire.jwt.verified-tokens.max-age} (10 s): a withdrawn key's tokens are refused that much later than
 * the verifier's copy of the key set expires (60 s), never later.</li>
 * <li>Revocation is not cached here: the deleted-account checks run on the verified token on every request.</li>
 * <li>At most {@code aspaire.jwt.verified-tokens.max-entries} tokens (a few KB each); when full, expired entries
 * are dropped and, if none were, new tokens are verified without being remembered until some expire.</li>
 * </ul>
 * {@code max-age=0} turns the cache off (user-service: it verifies with keys in its own process and refuses a
 * withdrawn key's tokens at once).
 */
@ApplicationScoped
public class VerifiedTokens {

    /** The full verification, run on a miss. */
    @FunctionalInterface
    public interface Verification {
        JsonWebToken verify() throws ParseException;
    }

    private record Entry(JsonWebToken jwt, Object key, long usableUntilMillis) {
    }

    private static final long SWEEP_INTERVAL_MILLIS = 1000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder verifications = new LongAdder();
    private final AtomicLong nextSweepMillis = new AtomicLong();
    private final LongSupplier clock;
    private final long skewMillis;
    private final Long tokenAgeMillis;
    private final long maxAgeMillis;
    private final int maxEntries;

    @Inject
    public VerifiedTokens(JWTAuthContextInfo verification,
            @ConfigProperty(name = "aspaire.jwt.verified-tokens.max-age", defaultValue = "10s") Duration maxAge,
            @ConfigProperty(name = "aspaire.jwt.verified-tokens.max-entries", defaultValue = "1024") int maxEntries) {
        this(System::currentTimeMillis, allowedSkewSeconds(verification), verification.getTokenAge(),
                maxAge.toMillis(), maxEntries);
    }

    VerifiedTokens(LongSupplier clock, int skewSeconds, Long tokenAgeSeconds, long maxAgeMillis, int maxEntries) {
        this.clock = clock;
        this.skewMillis = skewSeconds * 1000L;
        this.tokenAgeMillis = tokenAgeSeconds == null ? null : tokenAgeSeconds * 1000L;
        this.maxAgeMillis = maxAgeMillis;
        this.maxEntries = maxEntries;
    }

    /**
     * The skew smallrye-jwt's DefaultJWTTokenParser allows on {@code exp}: the grace period if set, else the clock skew
     * (the grace getter is deprecated, but the 4.6 parser still reads it first).
     */
    @SuppressWarnings("deprecation")
    static int allowedSkewSeconds(JWTAuthContextInfo verification) {
        return verification.getExpGracePeriodSecs() > 0 ? verification.getExpGracePeriodSecs()
                : Math.max(0, verification.getClockSkew());
    }

    /**
     * The verified token: the one remembered for exactly this string and key while still usable, else what
     * {@code verification} returns (remembered) or throws (not remembered). {@code key} is null when the configured
     * key verifies.
     */
    public JsonWebToken verified(String token, Object key, Verification verification) throws ParseException {
        if (maxAgeMillis <= 0 || token == null) {
            return verification.verify();
        }
        long now = clock.getAsLong();
        Entry entry = entries.get(token);
        if (entry != null) {
            if (now < entry.usableUntilMillis() && Objects.equals(entry.key(), key)) {
                hits.increment();
                return entry.jwt();
            }
            entries.remove(token, entry);
        }
        JsonWebToken jwt = verification.verify();
        verifications.increment();
        remember(token, key, jwt, now);
        return jwt;
    }

    private void remember(String token, Object key, JsonWebToken jwt, long now) {
        long usableUntil = usableUntil(jwt, now);
        if (usableUntil <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            sweep(now);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(token, new Entry(jwt, key, usableUntil));
    }

    /**
     * When smallrye-jwt would refuse this token (jose4j: expired once {@code now - skew >= exp}, in seconds), or
     * the cache's own max age, whichever comes first. A token without {@code exp} is not remembered (smallrye-jwt
     * requires one anyway).
     */
    private long usableUntil(JsonWebToken jwt, long now) {
        long exp = jwt.getExpirationTime();
        if (exp <= 0) {
            return now;
        }
        long until = Math.min(exp * 1000L + skewMillis, now + maxAgeMillis);
        if (tokenAgeMillis != null) {
            long iat = jwt.getIssuedAtTime();
            until = iat <= 0 ? now : Math.min(until, iat * 1000L + tokenAgeMillis);
        }
        return until;
    }

    /** Drops unusable entries, at most once a second (a full cache under many new tokens would sweep on each). */
    private void sweep(long now) {
        long next = nextSweepMillis.get();
        if (now < next || !nextSweepMillis.compareAndSet(next, now + SWEEP_INTERVAL_MILLIS)) {
            return;
        }
        entries.values().removeIf(entry -> entry.usableUntilMillis() <= now);
    }

    /** Requests answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Successful full verifications (each remembered when there was room). */
    public long verifications() {
        return verifications.sum();
    }

    int size() {
        return entries.size();
    }
}
