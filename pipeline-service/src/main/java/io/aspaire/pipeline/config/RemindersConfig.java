package io.aspaire.pipeline.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The reminder scheduler ({@code aspaire.reminders.*}; env REMINDERS_INTERVAL, REMINDERS_BATCH_SIZE). */
@ConfigMapping(prefix = "aspaire.reminders")
public interface RemindersConfig {

    /** How often due reminders are looked for (also read by the {@code @Scheduled} expression). */
    @WithDefault("5s")
    Duration interval();

    /** How many due reminders are claimed per transaction. */
    @WithDefault("100")
    int batchSize();

    /** false starts with the scheduler paused (operators; tests that drive firing themselves). */
    @WithDefault("true")
    boolean enabled();
}
