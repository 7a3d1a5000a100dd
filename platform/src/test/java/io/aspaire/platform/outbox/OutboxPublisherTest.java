package io.aspaire.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The relay finds the event's traceparent in the stored JSON, whichever store wrote it. */
class OutboxPublisherTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void findsTheTraceparentInJacksonsAndPostgresJsonbText() {
        assertEquals(TRACEPARENT, OutboxPublisher.traceparentOf(
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{},\"traceparent\":\"" + TRACEPARENT + "\"}"));
        // PostgreSQL's jsonb::text puts a space after every colon
        assertEquals(TRACEPARENT, OutboxPublisher.traceparentOf(
                "{\"id\": \"x\", \"data\": {}, \"traceparent\": \"" + TRACEPARENT + "\", \"specversion\": \"1.0\"}"));
    }

    @Test
    void noTraceparentWhenTracingWasOff() {
        assertNull(OutboxPublisher.traceparentOf("{\"specversion\": \"1.0\", \"id\": \"x\", \"data\": {}}"));
    }
}
