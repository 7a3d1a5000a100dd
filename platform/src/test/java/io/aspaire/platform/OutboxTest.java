package io.aspaire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.postgresql.PostgresOutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The outbox against real PostgreSQL and a real Kafka broker: a change and its event commit together, the event
 * survives a relay that stops between commit and send (and one that dies between send and "mark sent"), and the
 * idempotent consumer applies it exactly once although the broker delivers it twice.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OutboxTest {

    static final String TOPIC = "aspaire.probe.v1";

    @Inject
    Outbox outbox;
    @Inject
    PostgresOutboxRelay relay;
    @Inject
    ProbeConsumer consumer;
    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eventSurvivesARelayStoppedBetweenCommitAndSendAndIsAppliedOnce() throws Throwable {
        try (KafkaConsumer<String, String> topic = topicReader()) {
            relay.pause();
            UUID id = UUID.randomUUID();
            CloudEvent event = createProbe(id, "first");
            assertEquals(1L, count("select count(*) from probe where id = '" + id + "'"));
            assertEquals(1L, count("select count(*) from outbox_events where sent_at is null and id = '"
                    + event.id() + "'"));
            // the relay is stopped: the committed event waits in the table, nothing reaches the broker
            // (records of other tests may still pass by: only this aggregate's count)
            assertTrue(poll(topic, Duration.ofSeconds(2)).stream().noneMatch(r -> id.toString().equals(r.key())));

            relay.resume();
            List<ConsumerRecord<String, String>> records = pollUntil(topic, id.toString());
            ConsumerRecord<String, String> record = records.get(0);
            assertEquals(id.toString(), record.key());
            assertEquals(CloudEvent.CONTENT_TYPE,
                    new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
            JsonNode json = mapper.readTree(record.value());
            assertEquals("1.0", json.path("specversion").asText(), record.value());
            assertEquals(event.id(), json.get("id").asText());
            assertEquals("ProbeCreated", json.get("type").asText());
            assertEquals("/aspaire/platform-test", json.get("source").asText());
            assertEquals(id.toString(), json.get("subject").asText());
            assertEquals("first", json.get("data").get("name").asText());
            await().atMost(Duration.ofSeconds(20)).until(() -> effects(event.id()) == 1L);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(
                    "select count(*) from outbox_events where sent_at is not null and id = '" + event.id() + "'") == 1L);

            // the relay dies after the broker acked but before "sent" committed: the row is pending again
            int before = consumer.deliveries();
            count("update outbox_events set sent_at = null where id = '" + event.id() + "' returning 1");
            List<ConsumerRecord<String, String>> again = pollUntil(topic, id.toString());
            assertEquals(event.id(), mapper.readTree(again.get(0).value()).get("id").asText());
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.deliveries() > before);
            assertEquals(1L, effects(event.id()), "a redelivered event must not be applied twice");
        }
    }

    @Test
    void sentRowsArePurgedAfterTheRetentionOnly() throws Throwable {
        relay.pause();
        try {
            CloudEvent old = createProbe(UUID.randomUUID(), "old");
            CloudEvent recent = createProbe(UUID.randomUUID(), "recent");
            CloudEvent pending = createProbe(UUID.randomUUID(), "pending");
            count("update outbox_events set sent_at = now() - interval '8 days' where id = '" + old.id() + "' returning 1");
            count("update outbox_events set sent_at = now() - interval '1 day' where id = '" + recent.id()
                    + "' returning 1");
            VertxContextSupport.subscribeAndAwait(() -> relay.purgeSent());
            assertEquals(0L, count("select count(*) from outbox_events where id = '" + old.id() + "'"));
            assertEquals(1L, count("select count(*) from outbox_events where id = '" + recent.id() + "'"));
            assertEquals(1L, count("select count(*) from outbox_events where id = '" + pending.id() + "'"),
                    "an unsent row is never purged");
        } finally {
            relay.resume();
        }
    }

    @Test
    void publishAllRecordsEveryEventInOrderAcrossSeveralStatements() throws Throwable {
        relay.pause();
        try {
            String batch = UUID.randomUUID().toString();
            List<Outbox.Message> messages = new ArrayList<>();
            for (int i = 0; i < 1_201; i++) { // three multi-row statements of at most 500 rows
                // subjects are aggregate ids (UUIDs), as the probe consumer expects once the relay sends them
                messages.add(new Outbox.Message("ProbeCreated", UUID.randomUUID().toString(),
                        Map.of("name", "batched", "batch", batch, "n", i)));
            }
            List<CloudEvent> events = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> outbox.publishAll(TOPIC, messages)));
            assertEquals(1_201, events.size());
            String ofBatch = " from outbox_events where payload->'data'->>'batch' = '" + batch + "'";
            assertEquals(1_201L, count("select count(distinct id)" + ofBatch + " and sent_at is null"));
            // the relay's order (created_at, id) is the publishing order: the whole sequence, not just its ends
            assertEquals(sequence(1_201), numbers("select (payload->'data'->>'n')::bigint" + ofBatch
                    + " order by created_at, id"));
            for (int i = 0; i < 1_201; i++) {
                assertEquals(messages.get(i).subject(), events.get(i).subject(), "event " + i);
            }
        } finally {
            relay.resume();
        }
    }

    @Test
    void oneAggregatesEventsReachTheBrokerInPublishingOrder() throws Throwable {
        try (KafkaConsumer<String, String> topic = topicReader()) {
            String aggregate = UUID.randomUUID().toString();
            int total = 1_201; // more than two relay batches (500), several publishAll statements, and single publishes
            List<Outbox.Message> messages = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                messages.add(new Outbox.Message("ProbeCreated", aggregate, Map.of("name", "ordered", "n", i)));
            }
            relay.pause(); // the first 1,000 wait, so the relay sends them in batches when resumed
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publishAll(TOPIC, messages)));
            relay.resume();
            for (int i = 1_000; i < total; i++) { // the rest one transaction each, while the relay works
                int n = i;
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publish(TOPIC,
                        "ProbeCreated", aggregate, Map.of("name", "ordered", "n", n))));
            }
            List<Long> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : topic.poll(Duration.ofMillis(100))) {
                    if (aggregate.equals(r.key())) {
                        received.add(mapper.readTree(r.value()).path("data").path("n").asLong());
                    }
                }
                return received.size() >= total;
            });
            assertEquals(sequence(total), received, "one aggregate's events, in order, each once");
        }
    }

    @Test
    void rolledBackChangeEmitsNothing() throws Throwable {
        UUID id = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> {
                    Probe probe = new Probe();
                    probe.id = id;
                    probe.name = "doomed";
                    return probe.persist()
                            .chain(() -> outbox.publish(TOPIC, "ProbeCreated", id.toString(), Map.of("name", "x")))
                            .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule")));
                })));
        assertEquals(0L, count("select count(*) from probe where id = '" + id + "'"));
        assertEquals(0L, count("select count(*) from outbox_events where record_key = '" + id + "'"));
    }

    @Test
    void publishOutsideATransactionIsRefused() {
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> outbox.publish(TOPIC, "ProbeCreated", "x", Map.of()))));
    }

    @Test
    void unreadableRecordsDoNotStopTheChannel() throws Throwable {
        int before = consumer.deliveries();
        try (var producer = new KafkaProducer<>(kafkaProps(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "this is not json")).get();
        }
        // the channel keeps consuming: a valid event after the poison record (dead-lettered, see DeadLetterTest)
        // still gets applied
        UUID id = UUID.randomUUID();
        CloudEvent event = createProbe(id, "after-poison");
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(event.id()) == 1L);
        assertTrue(consumer.deliveries() >= before + 1);
    }

    private CloudEvent createProbe(UUID id, String name) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Probe probe = new Probe();
            probe.id = id;
            probe.name = name;
            return probe.persist()
                    .chain(() -> outbox.publish(TOPIC, "ProbeCreated", id.toString(), Map.of("name", name)));
        }));
    }

    private static List<Long> sequence(int n) {
        return java.util.stream.LongStream.range(0, n).boxed().toList();
    }

    private List<Long> numbers(String sql) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql, Object.class).getResultList())
                    .map(rows -> rows.stream().map(r -> ((Number) r).longValue()).toList())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private long effects(String eventId) {
        return count("select count(*) from probe_effect where event_id = '" + eventId + "'");
    }

    private long count(String sql) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql, Object.class).getResultList())
                    .map(rows -> rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Properties kafkaProps() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    private KafkaConsumer<String, String> topicReader() {
        Properties props = kafkaProps();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        // join the group and take positions before anything is produced
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> c, Duration d) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            c.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }

    /** Polls until a record with {@code key} arrives; returns the records of that key. */
    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> c, String key) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            c.poll(Duration.ofMillis(100)).forEach(r -> {
                if (key.equals(r.key())) {
                    out.add(r);
                }
            });
            return !out.isEmpty();
        });
        return out;
    }
}
