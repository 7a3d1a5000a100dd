package io.aspaire.platform.tracing;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;

/**
 * One trace from a request to the consumer that applies its event, across the outbox. The request's span context
 * travels inside the event as the CloudEvents distributed-tracing attribute {@code traceparent} (W3C format): written
 * with the outbox row in the request's transaction, so the relay that sends it later, maybe from another replica or
 * after a restart, still names the request as the parent; the Kafka record carries it as its {@code traceparent}
 * header; the consumer's "apply" span continues it. With tracing off (no OTLP endpoint, see {@link io.aspaire.platform.observability.TracingSwitch}),
 * there is no current span and no attribute.
 */
@ApplicationScoped
public class EventTracing {

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public EventTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The current span as a W3C traceparent, or null when nothing is being traced. */
    public static String currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? traceparentOf(span) : null;
    }

    public static String traceparentOf(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** A PRODUCER span "{@code topic} publish" in the trace the event's traceparent names; end it with {@link #end}. */
    public Span publishing(String topic, String traceparent) {
        return tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER).setParent(contextOf(traceparent))
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation", "publish").startSpan();
    }

    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.toString() : failure.getMessage());
        }
        span.end();
    }

    /** The context a traceparent names (the root context for null or a malformed value: a new trace, no failure). */
    public static Context contextOf(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), MAP);
    }

    /**
     * Runs {@code work} inside a CONSUMER span "{@code consumer} apply {@code type}", a child of the event's
     * traceparent; the span ends with the Uni (an error status if it fails).
     */
    public <T> Uni<T> applying(String consumer, String type, String traceparent, Supplier<Uni<T>> work) {
        Span span = tracer.spanBuilder(consumer + " apply " + type).setSpanKind(SpanKind.CONSUMER)
                .setParent(contextOf(traceparent)).setAttribute("messaging.operation", "process")
                .setAttribute("cloudevents.event_type", type).startSpan();
        return Uni.createFrom().deferred(() -> {
            try (var scope = span.makeCurrent()) {
                return work.get();
            }
        }).onItemOrFailure().invoke((item, failure) -> end(span, failure));
    }
}
