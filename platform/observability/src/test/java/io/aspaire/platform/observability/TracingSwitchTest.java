package io.aspaire.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector; an explicit setting wins. */
class TracingSwitchTest {

    private static String sdkDisabled(Map<String, String> explicit) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TracingSwitch())
                // what the OpenTelemetry extension declares as its default
                .withDefaultValue("quarkus.otel.sdk.disabled", "false")
                .withSources(new PropertiesConfigSource(explicit, "explicit", 300))
                .build();
        return config.getRawValue("quarkus.otel.sdk.disabled");
    }

    @Test
    void offWithoutAnEndpoint() {
        assertEquals("true", sdkDisabled(Map.of()));
        assertEquals("true", sdkDisabled(Map.of("otel.exporter.otlp.endpoint", " ")));
    }

    @Test
    void onWhenAnEndpointIsNamed() {
        assertEquals("false", sdkDisabled(Map.of("otel.exporter.otlp.endpoint", "http://collector:4317")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("true", sdkDisabled(Map.of("otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true")));
        assertEquals("false", sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false")));
    }
}
