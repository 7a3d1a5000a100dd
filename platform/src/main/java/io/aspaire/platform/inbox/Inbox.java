package io.aspaire.platform.inbox;

import java.util.function.Function;

import io.aspaire.platform.events.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * Applies each event at most once per consumer: the event id is recorded together with the effect, so a redelivered
 * event (relay retry, consumer restart, rebalance) changes nothing the second time.
 */
public interface Inbox {

    /**
     * Parses {@code recordValue} as a CloudEvent and applies {@code effect} once. A record that cannot be applied
     * fails the returned Uni with {@link UnappliedEventException}, which sends it to the dead-letter topic
     * {@code <topic>.dlq} (a poison record must neither stall the partition nor be lost); unknown event types are for
     * the handler to ignore.
     *
     * @return true if the effect ran, false for a duplicate
     */
    Uni<Boolean> consume(String consumer, String recordValue, Function<CloudEvent, Uni<?>> effect);
}
