package io.aspaire.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The outbox's meters (names and meaning in docs/observability.md):
 * <ul>
 * <li>{@code aspaire_outbox_backlog{store}}: events committed but not yet acknowledged by the broker;</li>
 * <li>{@code aspaire_outbox_oldest_age_seconds{store}}: how long the oldest of them has waited;</li>
 * <li>{@code aspaire_outbox_published_total{topic,type}}: events the broker acknowledged and the relay marked sent;</li>
 * <li>{@code aspaire_outbox_relay_delay_seconds{topic}}: from the row's insert to the broker's acknowledgement.</li>
 * </ul>
 * The backlog gauges read a snapshot that one query refreshes every {@code aspaire.outbox.backlog-refresh} (5 s):
 * a scrape never queries the store, however often it comes.
 */
@ApplicationScoped
public class OutboxMetrics {

    /** Pending events and the insert time of the oldest ({@code null} when none). */
    public record Backlog(long events, Instant oldest) {
        public static final Backlog NONE = new Backlog(0, null);
    }

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Timer> delays = new ConcurrentHashMap<>();
    private volatile Supplier<Uni<Backlog>> backlogQuery;
    private volatile Backlog backlog = Backlog.NONE;

    public OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the backlog gauges of this service's outbox store; {@code query} runs at most once per refresh. */
    public void watchBacklog(String store, Supplier<Uni<Backlog>> query) {
        this.backlogQuery = query;
        Gauge.builder("aspaire.outbox.backlog", this, m -> m.backlog.events())
                .description("Outbox events committed but not yet acknowledged by the broker")
                .tag("store", store).strongReference(true).register(registry);
        TimeGauge.builder("aspaire.outbox.oldest.age", this, TimeUnit.MILLISECONDS, OutboxMetrics::oldestAgeMillis)
                .description("How long the oldest unsent outbox event has waited (0 when none)")
                .tag("store", store).strongReference(true).register(registry);
    }

    /** The snapshot the gauges show (for tests). */
    public Backlog backlog() {
        return backlog;
    }

    private double oldestAgeMillis() {
        Instant oldest = backlog.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis());
    }

    @Scheduled(every = "${aspaire.outbox.backlog-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshBacklog() {
        Supplier<Uni<Backlog>> query = backlogQuery;
        if (query == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(query::get)
                .invoke(b -> backlog = b)
                .onFailure().invoke(e -> LOG.debugf("outbox backlog not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One event acknowledged by the broker and marked sent, {@code delay} after its row was inserted. */
    public void published(String topic, String type, Duration delay) {
        published.computeIfAbsent(topic + ' ' + type, k -> Counter.builder("aspaire.outbox.published")
                .description("Outbox events acknowledged by the broker and marked sent")
                .tag("topic", topic).tag("type", type).register(registry)).increment();
        if (delay != null && !delay.isNegative()) {
            delays.computeIfAbsent(topic, k -> Timer.builder("aspaire.outbox.relay.delay")
                    .description("From an outbox row's insert to the broker's acknowledgement of its event")
                    .tag("topic", topic)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry))
                    .record(delay);
        }
    }
}
