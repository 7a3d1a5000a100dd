package io.aspaire.platform.outbox;

import io.aspaire.platform.events.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * The only way a service emits an event: the event is written beside the change, in the same transaction, and a relay
 * sends it to Kafka afterwards. So a change is never committed without its event, nor an event sent for a change that
 * rolled back. Delivery is at-least-once; consumers de-duplicate on the event id (see {@code Inbox}).
 */
public interface Outbox {

    /**
     * Records an event to be sent to {@code topic} keyed by {@code subject} (the aggregate id). Must be called inside
     * the transaction that makes the change.
     */
    Uni<CloudEvent> publish(String topic, String type, String subject, Object data);

    /** One event to record with {@link #publishAll}. */
    record Message(String type, String subject, Object data) {
    }

    /**
     * Records many events to {@code topic} in the caller's transaction, in order (bulk changes, e.g. an ingestion
     * batch): the same guarantees as {@link #publish}, with far fewer statements.
     */
    default Uni<java.util.List<CloudEvent>> publishAll(String topic, java.util.List<Message> messages) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(m -> publish(topic, m.type(), m.subject(), m.data()))
                .collect().asList();
    }
}
