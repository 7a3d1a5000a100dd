package io.aspaire.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.tracing.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends outbox rows to Kafka through one channel, {@code aspaire-outbox}, each record routed to its own topic.
 * The returned Uni completes when the broker has acknowledged ({@code acks=all}); only then is a row marked sent.
 */
@ApplicationScoped
public class OutboxPublisher {

    public static final String CHANNEL = "aspaire-outbox";
    /** jsonb's text form has a space after the colon, Jackson's has none. */
    private static final Pattern TRACEPARENT = Pattern
            .compile("\"traceparent\"\\s*:\\s*\"(00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})\"");

    private final MutinyEmitter<String> emitter;
    private final EventTracing tracing;

    public OutboxPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter, EventTracing tracing) {
        this.emitter = emitter;
        this.tracing = tracing;
    }

    public Uni<Void> send(String topic, String key, String cloudEventJson) {
        List<RecordHeader> headers = new ArrayList<>(2);
        headers.add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        String traceparent = traceparentOf(cloudEventJson);
        // the producer span continues the request that wrote the event, not the relay pass that happens to send it;
        // the record's traceparent header names that span, for consumers that read headers rather than the event
        Span span = traceparent == null ? null : tracing.publishing(topic, traceparent);
        if (span != null) {
            headers.add(new RecordHeader("traceparent",
                    EventTracing.traceparentOf(span.getSpanContext()).getBytes(StandardCharsets.UTF_8)));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        Uni<Void> sent = emitter.sendMessage(Message.of(cloudEventJson).addMetadata(metadata));
        return span == null ? sent : sent.onItemOrFailure().invoke((ok, failure) -> EventTracing.end(span, failure));
    }

    /** The event's traceparent attribute, found without parsing the whole event again on the relay's hot path. */
    static String traceparentOf(String cloudEventJson) {
        Matcher m = TRACEPARENT.matcher(cloudEventJson);
        return m.find() ? m.group(1) : null;
    }
}
