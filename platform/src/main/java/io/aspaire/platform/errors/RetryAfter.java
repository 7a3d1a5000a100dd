package io.aspaire.platform.errors;

import java.time.Duration;

/**
 * An error the client may retry after a delay (a throttled sign-in, a busy worker pool). REST answers add a
 * {@code Retry-After} header in whole seconds (at least 1).
 */
public interface RetryAfter {

    /** The delay, or null when none is known. */
    Duration retryAfter();

    static long seconds(Duration delay) {
        return Math.max(1, (delay.toMillis() + 999) / 1000);
    }
}
