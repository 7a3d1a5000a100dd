package io.aspaire.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.aspaire.platform.events.CloudEvent;
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

    private final MutinyEmitter<String> emitter;

    public OutboxPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(String topic, String key, String cloudEventJson) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(List.of(new RecordHeader("content-type",
                        CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8))))
                .build();
        return emitter.sendMessage(Message.of(cloudEventJson).addMetadata(metadata));
    }
}
