package io.aspaire.platform.observability;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Tracing is off unless an OTLP endpoint is configured: {@code quarkus.otel.sdk.disabled} defaults to true when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the OpenTelemetry standard variable; property {@code otel.exporter.otlp.endpoint})
 * is unset or blank, to false when it names a collector. An explicit {@code quarkus.otel.sdk.disabled} wins. Without
 * this the SDK would export to localhost:4317 by default and log a failure every few seconds where no collector runs.
 */
@Priority(Priorities.APPLICATION + 100)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "otel.exporter.otlp.endpoint";
    static final int EXPLICIT = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        // below the ordinal of META-INF/microprofile-config.properties (100) are only defaults (the extension's
        // own "false", or the value recorded at build time), not a choice someone made
        if (!SDK_DISABLED.equals(name) || value != null && value.getConfigSourceOrdinal() >= EXPLICIT) {
            return value;
        }
        ConfigValue endpoint = context.proceed(ENDPOINT);
        boolean configured = endpoint != null && endpoint.getValue() != null && !endpoint.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(String.valueOf(!configured))
                .withConfigSourceName(TracingSwitch.class.getSimpleName()).build();
    }
}
