package io.aspaire.ai.api;

import java.time.Instant;

/** What every output record shares: instants as ISO-8601 UTC strings. */
final class Outputs {

    private Outputs() {
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
