package io.aspaire.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.aspaire.platform.errors.UnauthenticatedException;

class CurrentUserTest {

    /** A token whose subject reads are counted (each read is a request-scoped proxy lookup in a service). */
    static JsonWebToken token(String subject, AtomicInteger reads) {
        return (JsonWebToken) Proxy.newProxyInstance(JsonWebToken.class.getClassLoader(),
                new Class<?>[] {JsonWebToken.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSubject", "getName" -> {
                        reads.incrementAndGet();
                        yield subject;
                    }
                    case "getGroups" -> Set.of();
                    default -> null;
                });
    }

    @Test
    void theSubjectIsReadOncePerRequest() {
        AtomicInteger reads = new AtomicInteger();
        UUID id = UUID.randomUUID();
        CurrentUser user = new CurrentUser(token(id.toString(), reads));
        assertTrue(user.isAuthenticated());
        assertEquals(id, user.id());
        assertEquals(id, user.requireSelf(id));
        assertFalse(user.isAdmin());
        assertEquals(1, reads.get(), "the subject is read from the token once, then remembered");
    }

    @Test
    void aSubjectThatIsNoUserIdIsRefusedEveryTime() {
        CurrentUser user = new CurrentUser(token("not-a-uuid", new AtomicInteger()));
        assertTrue(user.isAuthenticated());
        for (int i = 0; i < 2; i++) {
            assertEquals("token subject is not a user id",
                    assertThrows(UnauthenticatedException.class, user::id).getMessage());
        }
    }

    @Test
    void noTokenOrNoSubjectIsUnauthenticated() {
        for (CurrentUser user : new CurrentUser[] {new CurrentUser(null),
                new CurrentUser(token(null, new AtomicInteger()))}) {
            assertFalse(user.isAuthenticated());
            assertThrows(UnauthenticatedException.class, user::id);
            assertThrows(UnauthenticatedException.class, user::id);
        }
    }
}
