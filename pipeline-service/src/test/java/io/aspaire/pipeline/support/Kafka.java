package io.aspaire.pipeline.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.localstack.LocalStackTestResource;

/** Raw Kafka clients on the real broker: what other services would see, and records as other services send them. */
public final class Kafka {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Kafka() {
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put("bootstrap.servers", LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        return props;
    }

    /** Sends a record (value as given) and waits for the broker's ack. */
    public static void send(String topic, String key, String value) {
        try (var producer = new KafkaProducer<>(props(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CloudEvent as the other services produce it. */
    public static String cloudEvent(String id, String type, String subject, Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(Map.of("specversion", "1.0", "id", id, "source", "/aspaire/test",
                    "type", type, "subject", subject, "time", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                    "datacontenttype", "application/json", "data", data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a whole topic from the beginning with a fresh group; closes with the try block. */
    public static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        public final List<JsonNode> events = new ArrayList<>();

        public Reader(String topic) {
            Properties props = props();
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-test-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        public void pollOnce() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    events.add(JSON.readTree(r.value()));
                } catch (Exception e) {
                    // not ours
                }
            }
        }

        /** Polls until at least {@code n} events match. */
        public List<JsonNode> awaitAtLeast(int n, Predicate<JsonNode> filter) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                pollOnce();
                return matching(filter).size() >= n;
            });
            return matching(filter);
        }

        /** Keeps polling for a while to catch anything more (duplicates), then returns what matched. */
        public List<JsonNode> drain(Duration d, Predicate<JsonNode> filter) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                pollOnce();
            }
            return matching(filter);
        }

        public List<JsonNode> matching(Predicate<JsonNode> filter) {
            return events.stream().filter(filter).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
