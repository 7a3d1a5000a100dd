package io.aspaire.platform.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.aspaire.platform.errors.ServiceUnavailableException;
import io.smallrye.mutiny.Uni;

/** A fetcher that fails because the database is away answers UNAVAILABLE; any other failure is left as it is. */
class SessionPerFetcherTest {

    @Test
    void aDatabaseThatIsNotThereIsUnavailableWithARetryHint() {
        Uni<String> refused = SessionPerFetcher.run(() -> Uni.createFrom().failure(new IllegalStateException(
                "Unable to acquire a connection", new ConnectException("Connection refused: localhost/127.0.0.1:15432"))));
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> refused.await().atMost(Duration.ofSeconds(5)));
        assertEquals("UNAVAILABLE", e.code());
        assertEquals(503, e.status());
        assertEquals(Duration.ofSeconds(5), e.retryAfter());
        assertEquals("the database is not reachable right now; try again in a few seconds", e.getMessage());
    }

    @Test
    void otherFailuresAreNotDisguised() {
        IllegalArgumentException bug = new IllegalArgumentException("a bug");
        Uni<String> failing = SessionPerFetcher.run(() -> Uni.createFrom().failure(bug));
        assertSame(bug, assertThrows(IllegalArgumentException.class,
                () -> failing.await().atMost(Duration.ofSeconds(5))));
    }
}
