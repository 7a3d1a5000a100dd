package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Timestamps as PostgreSQL keeps them. */
public final class StoredTime {

    private StoredTime() {
    }

    /** Now, in UTC at microsecond precision, so what is returned equals what is read back. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
