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
     * Parses {@code recordValue} as a CloudEvent and applies {@code effect} once. Unreadable records are logged and
     * skipped (a poison record must not stall the partition); unknown event types are for the handler to ignore.
     *
     * @return true if the effect ran, false for a duplicate or a skipped record
     */
    Uni<Boolean> consume(String consumer, String recordValue, Function<CloudEvent, Uni<?>> effect);
}
