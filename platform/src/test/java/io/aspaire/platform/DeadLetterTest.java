package io.aspaire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.deadletters.DeadLetterReplay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Dead letters on the real broker: a record the consumer cannot apply lands on {@code <topic>.dlq} with its reason
 * and origin, the partition goes on, a replay after the fix applies it exactly once, and a transient failure is
 * retried rather than dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DeadLetterTest {

    static final String TOPIC = "aspaire.probe.v1";
    static final String DLQ = TOPIC + ".dlq";

    @Inject
    ProbeConsumer consumer;
    @Inject
    DeadLetterReplay replay;
    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anUnreadableRecordLandsOnTheDlqWithItsReasonAndOrigin() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        ProducerRecord<String, String> poison = new ProducerRecord<>(TOPIC, key, "{\"not\": \"an event\"");
        poison.headers().add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
        send(poison);

        ConsumerRecord<String, String> dead = awaitDeadLetter(r -> key.equals(r.key()));
        assertEquals("{\"not\": \"an event\"", dead.value(), "the original value, unchanged");
        assertEquals("t-42", header(dead, "trace-id"), "the original headers are kept");
        assertTrue(header(dead, "dead-letter-reason").contains("cannot read the record: not a JSON CloudEvent"),
                header(dead, "dead-letter-reason"));
        assertEquals(TOPIC, header(dead, "dead-letter-topic"));
        assertNotNull(header(dead, "dead-letter-partition"));
        assertNotNull(header(dead, "dead-letter-offset"));
        System.out.println("dead letter headers: reason='" + header(dead, "dead-letter-reason") + "' topic="
                + header(dead, "dead-letter-topic") + " partition=" + header(dead, "dead-letter-partition")
                + " offset=" + header(dead, "dead-letter-offset"));

        // the partition goes on: the next event on the same key is applied
        UUID probe = UUID.randomUUID();
        String next = event("ProbeCreated", probe);
        send(new ProducerRecord<>(TOPIC, key, next));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(probe) == 1L);
    }

    @Test
    void anEventThatFailsIsDeadLetteredThenAppliedExactlyOnceWhenReplayedAfterTheFix() throws Exception {
        UUID probe = UUID.randomUUID();
        String value = event("ProbeNeedsFix", probe);
        String eventId = mapper.readTree(value).get("id").asText();
        send(new ProducerRecord<>(TOPIC, probe.toString(), value));

        ConsumerRecord<String, String> dead = awaitDeadLetter(r -> value.equals(r.value()));
        assertTrue(header(dead, "dead-letter-reason").contains("could not apply event " + eventId
                + " (ProbeNeedsFix): no handler for ProbeNeedsFix yet"), header(dead, "dead-letter-reason"));
        assertEquals(0L, effects(probe), "a dead-lettered event left no effect");

        consumer.fix();
        DeadLetterReplay.Result first = replay.replay(DLQ);
        assertEquals(TOPIC, first.topic());
        assertTrue(first.replayed() >= 1, "replayed " + first.replayed());
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(probe) == 1L);

        // a second replay finds nothing new of it, and a redelivered copy is a duplicate for the inbox
        replay.replay(DLQ);
        send(new ProducerRecord<>(TOPIC, probe.toString(), value));
        UUID marker = UUID.randomUUID();
        send(new ProducerRecord<>(TOPIC, probe.toString(), event("ProbeCreated", marker)));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(marker) == 1L);
        assertEquals(1L, effects(probe), "applied exactly once");
    }

    @Test
    void aTransientFailureIsRetriedNotDeadLettered() throws Exception {
        UUID probe = UUID.randomUUID();
        String value = event("ProbeFlaky", probe);
        send(new ProducerRecord<>(TOPIC, probe.toString(), value));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(probe) == 1L);
        assertTrue(consumer.flakyAttempts() >= 3, "attempts: " + consumer.flakyAttempts());
        assertTrue(deadLetters(Duration.ofSeconds(2)).stream().noneMatch(r -> value.equals(r.value())),
                "a transient failure is not dead-lettered");
    }

    @Test
    void onlyDeadLetterTopicsCanBeReplayed() {
        org.junit.jupiter.api.Assertions.assertThrows(io.aspaire.platform.errors.BadRequestException.class,
                () -> replay.replay(TOPIC));
    }

    private String event(String type, UUID subject) throws Exception {
        return mapper.writeValueAsString(Map.of("specversion", "1.0", "id", UUID.randomUUID().toString(),
                "source", "/aspaire/test", "type", type, "subject", subject.toString(),
                "time", OffsetDateTime.now().toString(), "datacontenttype", "application/json", "data", Map.of()));
    }

    private ConsumerRecord<String, String> awaitDeadLetter(java.util.function.Predicate<ConsumerRecord<String, String>> which) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = dlqReader()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (which.test(r)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private List<ConsumerRecord<String, String>> deadLetters(Duration d) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = dlqReader()) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                reader.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private KafkaConsumer<String, String> dlqReader() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> reader = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        reader.subscribe(List.of(DLQ));
        return reader;
    }

    private void send(ProducerRecord<String, String> record) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long effects(UUID probe) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("select count(*) from probe_effect where probe_id = :p",
                            Long.class).setParameter("p", probe).getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
