package io.aspaire.platform.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The cache in front of the real smallrye-jwt verifier: reuse of a verification (counted), refusal once a cached
 * token expires, a tampered token never passing nor being remembered, the caller's key, the bounds.
 */
class VerifiedTokensTest {

    private static KeyPair keys;
    private static JWTAuthContextInfo settings;
    private static JWTParser verifier;

    private final AtomicInteger fullVerifications = new AtomicInteger();

    @BeforeAll
    static void keys() throws Exception {
        keys = TestTokens.newKeyPair();
        settings = new JWTAuthContextInfo(keys.getPublic(), TestTokens.ISSUER);
        settings.setClockSkew(0); // smallrye-jwt allows 60 s by default; the expiry test would wait a minute
        verifier = new DefaultJWTParser(settings);
    }

    private JsonWebToken verify(VerifiedTokens cache, String token) throws ParseException {
        return cache.verified(token, null, () -> {
            fullVerifications.incrementAndGet();
            return verifier.parse(token);
        });
    }

    private static VerifiedTokens cache(AtomicLong clock, int skewSeconds, long maxAgeMillis, int maxEntries) {
        return new VerifiedTokens(clock::get, skewSeconds, null, maxAgeMillis, maxEntries);
    }

    @Test
    void aVerifiedTokenIsReusedForTheSameString() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(System::currentTimeMillis, 0, null, 10_000, 16);
        String token = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
        JsonWebToken first = verify(cache, token);
        JsonWebToken second = verify(cache, new String(token)); // an equal string, not the same instance
        assertSame(first, second);
        assertEquals(1, fullVerifications.get());
        assertEquals(1, cache.verifications());
        assertEquals(1, cache.hits());
        // another token of the same key is verified on its own
        verify(cache, TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600));
        assertEquals(2, fullVerifications.get());
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(System::currentTimeMillis, VerifiedTokens.allowedSkewSeconds(settings),
                null, 60_000, 16);
        long exp = TestTokens.nowSeconds() + 2;
        String token = TestTokens.sign(keys.getPrivate(), exp);
        verify(cache, token);
        verify(cache, token);
        assertEquals(1, fullVerifications.get());
        while (System.currentTimeMillis() < exp * 1000 + 50) {
            Thread.sleep(50);
        }
        ParseException refused = assertThrows(ParseException.class, () -> verify(cache, token));
        assertTrue(String.valueOf(refused.getCause()).contains("no longer valid")
                || String.valueOf(refused.getMessage()).toLowerCase().contains("expir"), refused::toString);
        assertEquals(2, fullVerifications.get());
    }

    @Test
    void anEntryIsUsableUntilExpiryPlusTheSkewAndNoLonger() throws Exception {
        long exp = TestTokens.nowSeconds() + 600;
        String token = TestTokens.sign(keys.getPrivate(), exp);
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        VerifiedTokens cache = cache(clock, 30, 3_600_000, 16);
        verify(cache, token);
        clock.set((exp + 30) * 1000 - 1);
        verify(cache, token);
        assertEquals(1, fullVerifications.get(), "still within exp + grace");
        clock.set((exp + 30) * 1000);
        verify(cache, token); // the real verifier (real clock) still accepts it; the cache must not have answered
        assertEquals(2, fullVerifications.get(), "past exp + grace the token is verified again");
    }

    @Test
    void anEntryLivesAtMostTheMaxAge() throws Exception {
        String token = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
        AtomicLong clock = new AtomicLong(1_000_000);
        VerifiedTokens cache = cache(clock, 0, 10_000, 16);
        verify(cache, token);
        clock.addAndGet(9_999);
        verify(cache, token);
        assertEquals(1, fullVerifications.get());
        clock.addAndGet(1);
        verify(cache, token);
        assertEquals(2, fullVerifications.get());
    }

    @Test
    void aTamperedTokenIsRefusedAndNeverRemembered() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(System::currentTimeMillis, 0, null, 10_000, 16);
        String token = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
        verify(cache, token);
        String tampered = TestTokens.tampered(token);
        assertThrows(ParseException.class, () -> verify(cache, tampered));
        assertThrows(ParseException.class, () -> verify(cache, tampered));
        assertEquals(3, fullVerifications.get(), "a refused token is verified in full every time");
        assertEquals(1, cache.size());
    }

    @Test
    void aTokenVerifiedWithOneKeyIsVerifiedAgainWithAnother() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(System::currentTimeMillis, 0, null, 10_000, 16);
        String token = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
        KeyPair other = TestTokens.newKeyPair();
        JsonWebToken first = cache.verified(token, keys.getPublic(), () -> {
            fullVerifications.incrementAndGet();
            return verifier.verify(token, keys.getPublic());
        });
        assertThrows(ParseException.class, () -> cache.verified(token, other.getPublic(), () -> {
            fullVerifications.incrementAndGet();
            return verifier.verify(token, other.getPublic());
        }));
        assertEquals(2, fullVerifications.get());
        JsonWebToken again = cache.verified(token, keys.getPublic(), () -> {
            fullVerifications.incrementAndGet();
            return verifier.verify(token, keys.getPublic());
        });
        assertNotSame(first, again, "the entry of the first key was dropped when another key was asked for");
        assertEquals(3, fullVerifications.get());
    }

    @Test
    void theCacheHoldsAtMostMaxEntriesTokens() throws Exception {
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        VerifiedTokens cache = cache(clock, 0, 10_000, 2);
        String[] tokens = new String[3];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
            verify(cache, tokens[i]);
        }
        assertEquals(2, cache.size());
        verify(cache, tokens[2]);
        assertEquals(4, fullVerifications.get(), "the token that found no room is verified again");
        // once the remembered ones are past their max age, the next new token takes their room
        clock.addAndGet(10_000);
        verify(cache, tokens[2]);
        verify(cache, tokens[2]);
        assertEquals(5, fullVerifications.get());
        assertTrue(cache.size() <= 2);
    }

    @Test
    void aZeroMaxAgeTurnsTheCacheOff() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(System::currentTimeMillis, 0, null, 0, 16);
        String token = TestTokens.sign(keys.getPrivate(), TestTokens.nowSeconds() + 600);
        verify(cache, token);
        verify(cache, token);
        assertEquals(2, fullVerifications.get());
        assertEquals(0, cache.size());
    }
}
