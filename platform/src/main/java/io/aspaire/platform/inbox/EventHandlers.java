package io.aspaire.platform.inbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.smallrye.mutiny.Uni;

/**
 * The one way a consumer handles events: one typed handler per event type, applied at most once through the
 * {@link Inbox}. The data is decoded into the handler's record before the handler runs (unreadable data is an
 * {@link InvalidEventException}, so the record goes to the dead-letter topic); event types without a handler are
 * acknowledged and recorded as processed (a topic carries more types than one consumer needs, and new types must not
 * stall old consumers).
 *
 * <pre>{@code
 * handlers = inboxes.handlers("pipeline-service.users")
 *         .on(Events.USER_DELETED, UserDeletedData.class, data -> accounts.erase(EventHandlers.id(data.userId(), "userId")))
 *         .build();
 * @Incoming("users-in") public Uni<Void> onUserEvent(String value) { return handlers.consume(value); }
 * }</pre>
 */
public final class EventHandlers {

    private final String consumer;
    private final Inbox inbox;
    private final EventCodec codec;
    private final Map<String, BiFunction<CloudEvent, EventCodec, Uni<?>>> byType;

    private EventHandlers(Builder builder) {
        this.consumer = builder.consumer;
        this.inbox = builder.inbox;
        this.codec = builder.codec;
        this.byType = Map.copyOf(builder.byType);
    }

    public static Builder builder(String consumer, Inbox inbox, EventCodec codec) {
        return new Builder(consumer, inbox, codec);
    }

    /** The consumer name under which the inbox records processed event ids. */
    public String consumer() {
        return consumer;
    }

    /** Applies the record once; completes when it is applied, was a duplicate, or is for a type nobody handles here. */
    public Uni<Void> consume(String recordValue) {
        return inbox.consume(consumer, recordValue, event -> {
            BiFunction<CloudEvent, EventCodec, Uni<?>> handler = byType.get(event.type());
            return handler == null ? Uni.createFrom().voidItem() : handler.apply(event, codec);
        }).replaceWithVoid();
    }

    /** A UUID field of an event's data; anything else makes the event invalid (dead-lettered, never half-applied). */
    public static UUID id(Object value, String field) {
        String text = value == null ? null : String.valueOf(value).trim();
        if (text == null || text.length() != 36) {
            throw new InvalidEventException("event data has no valid " + field);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("event data has no valid " + field);
        }
    }

    public static final class Builder {
        private final String consumer;
        private final Inbox inbox;
        private final EventCodec codec;
        private final Map<String, BiFunction<CloudEvent, EventCodec, Uni<?>>> byType = new LinkedHashMap<>();

        private Builder(String consumer, Inbox inbox, EventCodec codec) {
            this.consumer = consumer;
            this.inbox = inbox;
            this.codec = codec;
        }

        /** Handles {@code type} with its data decoded as {@code dataType}. */
        public <T> Builder on(String type, Class<T> dataType, Function<T, Uni<?>> handler) {
            return on(type, dataType, (event, data) -> handler.apply(data));
        }

        /** Handles {@code type} with the envelope too (its id, time or subject matter to the handler). */
        public <T> Builder on(String type, Class<T> dataType, BiFunction<CloudEvent, T, Uni<?>> handler) {
            if (byType.putIfAbsent(type, (event, codec) -> handler.apply(event, codec.fromData(event, dataType))) != null) {
                throw new IllegalStateException(consumer + " has two handlers for " + type);
            }
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(this);
        }
    }
}
