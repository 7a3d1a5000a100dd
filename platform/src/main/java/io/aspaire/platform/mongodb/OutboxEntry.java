package io.aspaire.platform.mongodb;

import java.time.Instant;

/**
 * One pending event, embedded in the document of the change it announces (field {@value #FIELD}). MongoDB writes a
 * single document atomically, so the change and its event are stored together or not at all -- the MongoDB stand-in
 * for "the outbox row commits in the transaction of the change" (there are no multi-document transactions here).
 * The relay finds documents whose entry has no {@code sentAt}, sends the event and then sets {@code sentAt}.
 *
 * <p>A plain class with public fields and a no-arg constructor so the MongoDB POJO codec (and Panache entities that
 * embed it) store it without reflection tricks.
 */
public class OutboxEntry {

    /** The document field that holds the entry, in every collection the relay scans. */
    public static final String FIELD = "_outbox";

    /**
     * The CloudEvent id (consumers de-duplicate on it). Not named {@code id}: the POJO codec would store a property
     * called id as {@code _id}.
     */
    public String eventId;
    public String topic;
    /** The Kafka record key: the aggregate id, also the CloudEvent subject. */
    public String key;
    public String type;
    /** The whole CloudEvent, serialised once: what the relay sends is exactly what was stored with the change. */
    public String payload;
    public Instant createdAt;
    /** Null until the broker acknowledged the event. */
    public Instant sentAt;

    public OutboxEntry() {
    }

    public OutboxEntry(String eventId, String topic, String key, String type, String payload, Instant createdAt) {
        this.eventId = eventId;
        this.topic = topic;
        this.key = key;
        this.type = type;
        this.payload = payload;
        this.createdAt = createdAt;
    }
}
