package io.aspaire.platform.inbox;

import java.time.Duration;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.smallrye.mutiny.Uni;

/**
 * What every {@link Inbox} does the same way, whatever the store: an unreadable record or event data is logged and
 * skipped (a poison record must not stall the partition), and a transient failure (database restart) is retried with
 * backoff before the record is given up to the channel's failure strategy. Stores implement {@link #applyOnce}.
 */
public abstract class AbstractInbox implements Inbox {

    private static final Logger LOG = Logger.getLogger(AbstractInbox.class);

    private final EventCodec codec;

    protected AbstractInbox(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public Uni<Boolean> consume(String consumer, String recordValue, Function<CloudEvent, Uni<?>> effect) {
        CloudEvent event;
        try {
            event = codec.read(recordValue);
        } catch (InvalidEventException e) {
            LOG.warnf("%s skipped an unreadable record: %s", consumer, e.getMessage());
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().deferred(() -> applyOnce(consumer, event, effect))
                .onFailure(InvalidEventException.class).recoverWithUni(e -> {
                    LOG.warnf("%s skipped event %s (%s): %s", consumer, event.id(), event.type(), e.getMessage());
                    return Uni.createFrom().item(false);
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }

    /**
     * Applies {@code effect} unless this consumer already processed {@code event.id()}; returns whether it ran.
     * A failure must leave no trace of the effect, or the effect must be idempotent (it may be retried).
     */
    protected abstract Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<?>> effect);
}
