package io.aspaire.platform.errors;

/** A Kafka record that is not a readable AspAIre event: consumers log and skip it rather than stall the partition. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
