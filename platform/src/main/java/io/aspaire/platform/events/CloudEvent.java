package io.aspaire.platform.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.aspaire.platform.tracing.EventTracing;

/**
 * The envelope of every AspAIre event: CloudEvents 1.0 in structured JSON mode, so the Kafka record value is the
 * whole event and any consumer (or kcat) reads it as it is. {@code id} is unique per event: consumers de-duplicate on it.
 * {@code subject} is the aggregate id, which is also the Kafka record key. {@code traceparent} (CloudEvents
 * distributed-tracing extension, W3C format, absent when tracing is off) names the span of the request that caused
 * the event, so the consumer's work joins the request's trace ({@link io.aspaire.platform.tracing.EventTracing}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        JsonNode data,
        String traceparent) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";

    /**
     * A new event with a fresh id, the current time (microsecond precision, as PostgreSQL stores it) and the current
     * span as its traceparent.
     */
    public static CloudEvent create(String source, String type, String subject, JsonNode data) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), DATA_CONTENT_TYPE, data,
                EventTracing.currentTraceparent());
    }
}
