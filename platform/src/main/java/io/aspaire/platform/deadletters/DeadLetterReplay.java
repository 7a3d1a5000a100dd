package io.aspaire.platform.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ServiceUnavailableException;

/**
 * Puts dead-lettered records back on their topic once the cause is fixed: every record of {@code <topic>.dlq} not yet
 * replayed is re-sent to {@code <topic>} byte for byte (key, value, original headers; the {@code dead-letter-*}
 * headers dropped, {@code aspaire-replayed-from} added), then the replay group's offsets move past them, so each
 * dead letter is replayed once whichever service or replica asks. The records keep their CloudEvent id: consumers
 * that had already applied the event skip it (inbox), the one that dead-lettered it applies it once. A record that
 * is still poison lands on the DLQ again, after the ones replayed by this call.
 */
@ApplicationScoped
public class DeadLetterReplay {

    public static final String SUFFIX = ".dlq";
    public static final String REPLAYED_FROM = "aspaire-replayed-from";
    private static final Pattern DLQ_TOPIC = Pattern.compile("aspaire\\.[a-z0-9-]+\\.v[0-9]+\\.dlq");
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final String bootstrapServers;
    private final String group;

    public DeadLetterReplay(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "aspaire.dead-letters.replay-group", defaultValue = "aspaire-dlq-replay")
            String group) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    /** What a replay did. */
    public record Result(String deadLetterTopic, String topic, int replayed) {
    }

    /** Replays what is on {@code deadLetterTopic} now (blocking: call it on a worker thread). */
    public Result replay(String deadLetterTopic) {
        if (deadLetterTopic == null || !DLQ_TOPIC.matcher(deadLetterTopic).matches()) {
            throw new BadRequestException("topic must be a dead-letter topic such as aspaire.jobs.v1.dlq");
        }
        String target = deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return new Result(deadLetterTopic, target, 0); // nothing was ever dead-lettered there
            }
            List<TopicPartition> tps = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(10));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(tps),
                    Duration.ofSeconds(10));
            for (TopicPartition tp : tps) {
                OffsetAndMetadata from = committed.get(tp);
                if (from == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, from.offset());
                }
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            while (!reachedEnd(consumer, tps, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ServiceUnavailableException("the dead-letter topic could not be read in time; "
                            + "nothing was committed, try again");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) { // later dead letters (possibly this replay's own) wait
                        sends.add(producer.send(copy(target, r)));
                    }
                }
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(); // every copy acknowledged before the offsets move
            }
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            end.forEach((tp, offset) -> done.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(done, Duration.ofSeconds(10));
            LOG.infof("replayed %d dead letters from %s to %s", sends.size(), deadLetterTopic, target);
            return new Result(deadLetterTopic, target, sends.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the replay was interrupted; nothing was committed, try again");
        } catch (java.util.concurrent.ExecutionException | org.apache.kafka.common.KafkaException e) {
            LOG.warnf("replay of %s failed: %s", deadLetterTopic, e.getMessage());
            throw new ServiceUnavailableException("the broker did not accept the replay; nothing was committed, "
                    + "try again");
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps,
            Map<TopicPartition, Long> end) {
        return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    static ProducerRecord<byte[], byte[]> copy(String target, ConsumerRecord<byte[], byte[]> r) {
        List<Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        headers.add(new RecordHeader(REPLAYED_FROM, (r.topic() + "/" + r.partition() + "/" + r.offset())
                .getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(target, null, r.key(), r.value(), headers);
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }
}
