package io.aspaire.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;

import jakarta.ws.rs.core.Response;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** A REST request whose database is down is told to retry (503), not handed a fault (500); a real fault stays 500. */
class RestExceptionMappersTest {

    private final RestExceptionMappers mappers = new RestExceptionMappers();

    @Test
    void anUnreachableDatabaseIs503WithARetryHint() {
        for (Throwable down : new Throwable[] {
                new HibernateException("could not obtain a connection", new ConnectException("Connection refused")),
                new ConnectException("Connection refused"),
                // PostgreSQL's answer while it shuts down (SQLSTATE 57P01 admin_shutdown)
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null) }) {
            Response response = mappers.unexpected(down);
            assertEquals(503, response.getStatus(), down.toString());
            assertEquals("5", response.getHeaderString("Retry-After"), down.toString());
            ErrorBody body = (ErrorBody) response.getEntity();
            assertEquals("UNAVAILABLE", body.code(), down.toString());
        }
    }

    @Test
    void anyOtherFailureIsAnInternalErrorWithoutDetails() {
        // 23505 unique_violation: a bug in the caller's code, not an outage
        Response response = mappers.unexpected(new HibernateException("insert failed",
                new PgException("duplicate key value violates unique constraint \"users_email_key\"", "ERROR",
                        "23505", null)));
        assertEquals(500, response.getStatus());
        ErrorBody body = (ErrorBody) response.getEntity();
        assertEquals("INTERNAL", body.code());
        assertEquals("internal error", body.message());
        assertEquals(500, mappers.unexpected(new IllegalStateException("a bug")).getStatus());
    }
}
