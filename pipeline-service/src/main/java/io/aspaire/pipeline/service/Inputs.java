package io.aspaire.pipeline.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.aspaire.platform.errors.BadRequestException;

/** Input checks shared by the API: every rejection says what was wrong and what is accepted. */
public final class Inputs {

    public static final int MAX_PAGE_SIZE = 100;

    private Inputs() {
    }

    public static UUID id(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is required");
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " '" + value + "' is not a valid id (a UUID is expected)");
        }
    }

    public static void page(int page, int size) {
        if (page < 0) {
            throw new BadRequestException("page must be 0 or more (got " + page + ")");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequestException("size must be between 1 and " + MAX_PAGE_SIZE + " (got " + size + ")");
        }
    }

    /** Trims and checks a free text; null stays null when optional. */
    public static String text(String value, String name, int maxLength, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new BadRequestException(name + " must not be blank");
            }
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw new BadRequestException(name + " is " + trimmed.length() + " characters long; the limit is "
                    + maxLength);
        }
        return trimmed;
    }

    /** Now, at the precision PostgreSQL keeps, so what is returned equals what is read back. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
