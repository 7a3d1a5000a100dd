package io.aspaire.platform.inbox;

/**
 * A record this consumer cannot apply (unreadable, invalid, or its effect keeps failing for a non-transient reason).
 * Failing the consumer's Uni with it nacks the record; the channel's {@code dead-letter-queue} strategy then writes
 * the record to {@code <topic>.dlq}, this message as the {@code dead-letter-reason} header.
 */
public class UnappliedEventException extends RuntimeException {

    public UnappliedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
