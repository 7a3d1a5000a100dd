package io.aspaire.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Commit → record on the broker, seen by an outside consumer (a plain KafkaConsumer on every partition of the topic,
 * long-polling, so a record is seen as soon as the broker has it).
 * <ul>
 * <li>service: {@code saveJob} mutations sent at a steady rate straight to pipeline-service (a fresh random job id
 * each: saving a job before its snapshot arrived is allowed); the latency of one write runs from the moment its
 * HTTP answer arrived (the transaction has committed by then) to the moment the consumer got the
 * {@code ApplicationSaved} record keyed by that application id. A record already on the broker when the answer
 * arrives counts as 0.</li>
 * <li>reference: a plain KafkaProducer (acks=all) sending to a topic of the same broker at the same rate; latency from
 * {@code send()} to the consumer.</li>
 * </ul>
 */
final class EventLatency {

    record Result(int sent, int seen, double p50, double p99, double max) {
    }

    private static final java.util.regex.Pattern APPLICATION_ID =
            java.util.regex.Pattern.compile("\"applicationId\"\\s*:\\s*\"([^\"]+)\"");
    private final String bootstrap;

    EventLatency(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** saveJob at {@code perSecond} for {@code seconds}, after a {@code warmupSeconds} warm-up at the same rate. */
    Result saveJob(String pipelineGraphql, String token, int perSecond, int warmupSeconds, int seconds)
            throws Exception {
        String topic = "aspaire.applications.v1";
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        try (Watcher watcher = new Watcher(topic, seenAt)) {
            watcher.ready();
            Map<String, Long> answeredAt = new ConcurrentHashMap<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            String mutation = "mutation($j: ID!) { saveJob(jobId: $j) { id } }";
            Function<Boolean, Runnable> write = measured -> () -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(pipelineGraphql))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(Graphql.body(mutation,
                                Map.of("j", UUID.randomUUID().toString()))))
                        .build();
                Graphql.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long now = System.nanoTime();
                    answered.incrementAndGet();
                    try {
                        JsonNode id = Graphql.JSON.readTree(r.body()).path("data").path("saveJob").path("id");
                        if (id.isMissingNode() || id.isNull()) {
                            failures.incrementAndGet();
                        } else if (measured) {
                            answeredAt.put(id.asText(), now);
                        }
                    } catch (Exception ex) {
                        failures.incrementAndGet();
                    }
                });
            };
            rate(write.apply(false), perSecond, warmupSeconds);
            rate(write.apply(true), perSecond, seconds);
            int sent = perSecond * seconds;
            awaitAll(() -> answered.get() >= sent + perSecond * warmupSeconds
                    && answeredAt.keySet().stream().allMatch(seenAt::containsKey), Duration.ofSeconds(15));
            if (failures.get() > 0) {
                System.out.println("[bench] saveJob: " + failures.get() + " writes failed");
            }
            List<Double> latencies = new ArrayList<>();
            answeredAt.forEach((id, at) -> {
                Long seen = seenAt.get(id);
                if (seen != null) {
                    latencies.add(Math.max(0, seen - at) / 1e6);
                }
            });
            return summarize(sent, latencies);
        }
    }

    /** A plain produce to the same broker at the same rate, seen by the same kind of consumer. */
    Result plainProduce(int perSecond, int warmupSeconds, int seconds) throws Exception {
        String topic = "bench.plain-produce";
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // already there
        }
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (Watcher watcher = new Watcher(topic, seenAt);
                KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            watcher.ready();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            String value = "{\"specversion\":\"1.0\",\"type\":\"bench\",\"data\":{\"jobId\":\"" + UUID.randomUUID()
                    + "\"}}";
            Function<Boolean, Runnable> send = measured -> () -> {
                String key = UUID.randomUUID().toString();
                if (measured) {
                    sentAt.put(key, System.nanoTime());
                }
                producer.send(new ProducerRecord<>(topic, key, value));
            };
            rate(send.apply(false), perSecond, warmupSeconds);
            rate(send.apply(true), perSecond, seconds);
            awaitAll(() -> sentAt.keySet().stream().allMatch(seenAt::containsKey), Duration.ofSeconds(15));
            List<Double> latencies = new ArrayList<>();
            sentAt.forEach((key, at) -> {
                Long seen = seenAt.get(key);
                if (seen != null) {
                    latencies.add(Math.max(0, seen - at) / 1e6);
                }
            });
            return summarize(perSecond * seconds, latencies);
        }
    }

    static void rate(Runnable task, int perSecond, int seconds) throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger left = new AtomicInteger(perSecond * seconds);
        long period = 1_000_000_000L / perSecond;
        timer.scheduleAtFixedRate(() -> {
            if (left.getAndDecrement() > 0) {
                task.run();
            }
        }, 0, period, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L + period / 1_000_000 + 20);
        while (left.get() > 0) {
            Thread.sleep(10);
        }
        timer.shutdownNow();
    }

    static void awaitAll(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static Result summarize(int sent, List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Result(sent, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Result(sent, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A consumer on every partition of a topic from its end, noting when each key arrives. */
    private final class Watcher implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean positioned;

        Watcher(String topic, Map<String, Long> seenAt) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
            consumer = new KafkaConsumer<>(props);
            thread = new Thread(() -> {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve the end now, before the writes start
                positioned = true;
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        if (record.key() != null) {
                            seenAt.putIfAbsent(record.key(), now);
                        }
                        // the id inside the event too, whatever the record's key is
                        java.util.regex.Matcher id = APPLICATION_ID.matcher(String.valueOf(record.value()));
                        if (id.find()) {
                            seenAt.putIfAbsent(id.group(1), now);
                        }
                    }
                }
                consumer.close();
            }, "watch-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        void ready() throws InterruptedException {
            awaitAll(() -> positioned, Duration.ofSeconds(60));
            if (!positioned) {
                throw new IllegalStateException("the consumer could not be positioned");
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
