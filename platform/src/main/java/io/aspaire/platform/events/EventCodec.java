package io.aspaire.platform.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.platform.errors.InvalidEventException;

/** Reads and writes the CloudEvents envelope and its data with the application's ObjectMapper. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(CloudEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.type(), e);
        }
    }

    /** Parses a record value; anything that is not a CloudEvents 1.0 JSON envelope is rejected. */
    public CloudEvent read(String json) {
        CloudEvent event;
        try {
            event = mapper.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a JSON CloudEvent: " + e.getOriginalMessage());
        }
        if (!CloudEvent.SPEC_VERSION.equals(event.specversion()) || event.id() == null || event.type() == null) {
            throw new InvalidEventException("not a CloudEvents 1.0 envelope (specversion, id and type are required)");
        }
        return event;
    }

    public JsonNode toData(Object payload) {
        return mapper.valueToTree(payload);
    }

    public <T> T fromData(CloudEvent event, Class<T> type) {
        try {
            return mapper.treeToValue(event.data(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("event " + event.id() + " (" + event.type() + ") has unreadable data: "
                    + e.getMessage());
        }
    }

    /**
     * {@link #read} for feeds that only forward events (the subscription feeds): an unreadable record is logged and
     * skipped (null), since the inbox consumers of the same topic dead-letter it.
     */
    public CloudEvent readOrSkip(String json, String feed) {
        try {
            return read(json);
        } catch (RuntimeException e) {
            Logger.getLogger(EventCodec.class).warnf("Unreadable record skipped by %s: %s", feed, e.getMessage());
            return null;
        }
    }
}
