package io.aspaire.gateway.accounts;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * A gateway starts with an empty {@link DeletedAccounts}: on every partition it is given, it starts reading at the
 * first record of the last {@link DeletedAccounts#rememberFor()} (earlier deletions no longer matter: their tokens
 * have expired). Runs on the consumer's polling thread, where blocking Kafka calls are allowed.
 */
@ApplicationScoped
@Identifier(RecentUserEventsRebalanceListener.NAME)
public class RecentUserEventsRebalanceListener implements KafkaConsumerRebalanceListener {

    static final String NAME = "recent-user-events";
    private static final Logger LOG = Logger.getLogger(RecentUserEventsRebalanceListener.class);
    private static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final DeletedAccounts deletedAccounts;

    public RecentUserEventsRebalanceListener(DeletedAccounts deletedAccounts) {
        this.deletedAccounts = deletedAccounts;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            // the end first: a record written while we look is at or after it, so it cannot be skipped
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_CALL_TIMEOUT);
            long since = System.currentTimeMillis() - deletedAccounts.rememberFor().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, KAFKA_CALL_TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                Long end = ends.get(partition);
                if (start != null) {
                    consumer.seek(partition, start.offset());
                } else if (end != null) {
                    consumer.seek(partition, end);
                }
            }
            LOG.debugf("Reading account deletions of the last %s on %s", deletedAccounts.rememberFor(), partitions);
        } catch (RuntimeException e) {
            // the group is new, so reading starts at the earliest record (auto.offset.reset): slower, never wrong
            LOG.warnf("Cannot position on recent account deletions (%s): reading from the earliest record",
                    e.getMessage());
        }
    }
}
