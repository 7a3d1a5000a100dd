package io.aspaire.platform.errors;

/**
 * A Kafka record that is not a readable AspAIre event: the inbox sends it to the topic's dead-letter topic
 * ({@code <topic>.dlq}) rather than stall the partition or lose it.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
