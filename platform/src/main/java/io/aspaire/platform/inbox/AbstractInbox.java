package io.aspaire.platform.inbox;

import java.time.Duration;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.tracing.EventTracing;
import io.smallrye.mutiny.Uni;

/**
 * What every {@link Inbox} does the same way, whatever the store:
 * <ul>
 * <li>a record that is not a readable event, or whose data the handler rejects ({@link InvalidEventException}), fails
 * at once with {@link UnappliedEventException}: the channel's failure strategy ({@code dead-letter-queue}, set for
 * every channel by the platform) moves it to {@code <topic>.dlq} with the reason, and the partition goes on;</li>
 * <li>a transient failure ({@link TransientFailures}: database or broker unreachable, deadlock, timeout) is retried
 * with backoff for as long as it lasts: the partition waits, nothing is dead-lettered because a database restarted;</li>
 * <li>any other exception while applying is retried twice (a race may resolve itself), then dead-lettered too.</li>
 * </ul>
 * A dead-lettered event left no effect (the effect and the processed-event record commit together, or the effect is
 * idempotent), so replaying it after a fix ({@code DeadLetterReplay}) applies it exactly once. Stores implement
 * {@link #applyOnce}. Every record's outcome (applied, duplicate, dead-lettered) is counted here, for every consumer
 * ({@link InboxMetrics}).
 */
public abstract class AbstractInbox implements Inbox {

    private static final Logger LOG = Logger.getLogger(AbstractInbox.class);

    private final EventCodec codec;
    private final InboxMetrics metrics;
    private final EventTracing tracing;

    protected AbstractInbox(EventCodec codec, InboxMetrics metrics, EventTracing tracing) {
        this.codec = codec;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public Uni<Boolean> consume(String consumer, String recordValue, Function<CloudEvent, Uni<?>> effect) {
        CloudEvent event;
        try {
            event = codec.read(recordValue);
        } catch (InvalidEventException e) {
            LOG.warnf("%s dead-letters an unreadable record: %s", consumer, e.getMessage());
            metrics.count(consumer, InboxMetrics.UNREADABLE, InboxMetrics.Outcome.DEAD_LETTERED);
            return Uni.createFrom().failure(new UnappliedEventException(
                    consumer + " cannot read the record: " + e.getMessage(), e));
        }
        // one "apply" span per event, retries included, in the trace of the request that caused it
        return tracing.applying(consumer, event.type(), event.traceparent(), () -> Uni.createFrom()
                .deferred(() -> applyOnce(consumer, event, effect))
                .onFailure(TransientFailures::isTransient).invoke(e -> LOG.warnf(
                        "%s will retry event %s (%s) after a transient failure: %s", consumer, event.id(),
                        event.type(), e.getMessage()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure(e -> !(e instanceof InvalidEventException)).retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofMillis(500)).atMost(2)
                .invoke(applied -> metrics.count(consumer, event.type(),
                        applied ? InboxMetrics.Outcome.APPLIED : InboxMetrics.Outcome.DUPLICATE))
                .onFailure().transform(e -> {
                    LOG.warnf(e, "%s dead-letters event %s (%s)", consumer, event.id(), event.type());
                    metrics.count(consumer, event.type(), InboxMetrics.Outcome.DEAD_LETTERED);
                    return new UnappliedEventException(consumer + " could not apply event " + event.id() + " ("
                            + event.type() + "): " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
                }));
    }

    /**
     * Applies {@code effect} unless this consumer already processed {@code event.id()}; returns whether it ran.
     * A failure must leave no trace of the effect, or the effect must be idempotent (it may be retried).
     */
    protected abstract Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<?>> effect);
}
