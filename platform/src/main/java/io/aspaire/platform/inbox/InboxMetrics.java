package io.aspaire.platform.inbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aspaire_events_consumed_total{consumer,type,outcome}}: every record a consumer took from Kafka, counted once
 * when its fate is known (names and meaning in docs/observability.md). Outcomes: {@code applied} (the effect ran and
 * was recorded), {@code duplicate} (this consumer had already applied the event id), {@code dead_lettered} (unreadable,
 * invalid, or failing for a non-transient reason: on its way to {@code <topic>.dlq}). Transient failures are retried
 * while they last and counted once, by their final outcome.
 */
@ApplicationScoped
public class InboxMetrics {

    public enum Outcome {
        APPLIED, DUPLICATE, DEAD_LETTERED;

        final String tag = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Event types are the producers' strings: beyond this many per consumer they count as {@value #OTHER}. */
    static final int MAX_TYPES_PER_CONSUMER = 64;
    static final String OTHER = "other";
    /** The type of a record that is not a readable CloudEvent. */
    public static final String UNREADABLE = "unreadable";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> typesByConsumer = new ConcurrentHashMap<>();

    public InboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String consumer, String type, Outcome outcome) {
        String boundedType = bounded(consumer, type == null || type.isBlank() ? UNREADABLE : type);
        counters.computeIfAbsent(consumer + ' ' + boundedType + ' ' + outcome.tag,
                k -> Counter.builder("aspaire.events.consumed")
                        .description("Events taken from Kafka by a consumer, by final outcome")
                        .tag("consumer", consumer).tag("type", boundedType).tag("outcome", outcome.tag)
                        .register(registry))
                .increment();
    }

    private String bounded(String consumer, String type) {
        Set<String> types = typesByConsumer.computeIfAbsent(consumer, c -> ConcurrentHashMap.newKeySet());
        if (types.contains(type)) {
            return type;
        }
        if (types.size() >= MAX_TYPES_PER_CONSUMER || type.length() > 100) {
            return OTHER;
        }
        types.add(type);
        return type;
    }
}
