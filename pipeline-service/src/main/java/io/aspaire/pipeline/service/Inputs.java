package io.aspaire.pipeline.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;

/** Input checks shared by the API: every rejection says what was wrong and what is accepted. */
public final class Inputs {

    public static final int MAX_PAGE_SIZE = 100;

    private Inputs() {
    }

    /** A required id argument (the platform's one id rule). */
    public static UUID id(String value, String name) {
        return Ids.required(name, value);
    }

    /** page >= 0, 1 <= size <= {@link #MAX_PAGE_SIZE}, page * size addressable (the platform's one page rule). */
    public static void page(int page, int size) {
        PageRequest.of(page, size, size, MAX_PAGE_SIZE);
    }

    /** A page as the API receives it: null page is 0, null size is {@code defaultSize}. */
    public static PageRequest page(Integer page, Integer size, int defaultSize) {
        return PageRequest.of(page, size, defaultSize, MAX_PAGE_SIZE);
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
