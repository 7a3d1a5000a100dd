package io.aspaire.platform.input;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.aspaire.platform.errors.BadRequestException;

/**
 * Dates and times a client sends: ISO-8601 with an offset, within years 1970 to 9999. Outside that range a value
 * cannot be stored the same way everywhere (PostgreSQL, MongoDB, JSON) and is certainly a mistake, so it is a 400
 * naming the field. Times in the future (reminders) are at most {@link #MAX_YEARS_AHEAD} years ahead.
 */
public final class Timestamps {

    public static final int MIN_YEAR = 1970;
    public static final int MAX_YEAR = 9999;
    public static final int MAX_YEARS_AHEAD = 10;

    private static final Instant EARLIEST = OffsetDateTime.of(MIN_YEAR, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    private static final Instant LATEST = OffsetDateTime.of(MAX_YEAR, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC)
            .toInstant();

    private Timestamps() {
    }

    /** Null stays null; otherwise the value must lie within years 1970..9999 (UTC). */
    public static OffsetDateTime inRange(String field, OffsetDateTime value) {
        if (value != null && (value.toInstant().isBefore(EARLIEST) || value.toInstant().isAfter(LATEST))) {
            throw new BadRequestException(field + " must be between " + MIN_YEAR + "-01-01 and " + MAX_YEAR
                    + "-12-31 (got " + value + ")");
        }
        return value;
    }

    /** Parses ISO-8601 with an offset (e.g. 2030-01-31T09:00:00+01:00) and checks the range. */
    public static OffsetDateTime parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(field + " is required (ISO-8601 with an offset, e.g. 2030-01-31T09:00:00Z)");
        }
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            String shown = value.length() > 40 || TextRule.violates(value) ? "the value" : "'" + value + "'";
            throw new BadRequestException(field + ": " + shown
                    + " is not an ISO-8601 date-time with an offset (e.g. 2030-01-31T09:00:00Z)");
        }
        return inRange(field, parsed);
    }

    /** A time strictly after {@code now} and at most {@link #MAX_YEARS_AHEAD} years after it. */
    public static OffsetDateTime future(String field, OffsetDateTime value, OffsetDateTime now) {
        if (!value.isAfter(now)) {
            throw new BadRequestException(field + " must be in the future");
        }
        if (value.isAfter(now.plusYears(MAX_YEARS_AHEAD))) {
            throw new BadRequestException(field + " must be at most " + MAX_YEARS_AHEAD + " years ahead");
        }
        return value;
    }
}
