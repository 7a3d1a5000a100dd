package io.aspaire.platform.input;

import java.util.UUID;

import io.aspaire.platform.errors.BadRequestException;

/** Ids in arguments and paths: a UUID, or a 400 / BAD_REQUEST that names the argument (never a 404 or a 500). */
public final class Ids {

    private Ids() {
    }

    /** A required id: null, blank or not a UUID is refused. */
    public static UUID required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is required");
        }
        return parse(name, value);
    }

    /** An optional id: null stays null, anything else must be a UUID. */
    public static UUID optional(String name, String value) {
        return value == null ? null : parse(name, value);
    }

    /** The UUID, or null when the value is not one (for lists of references that resolve unknown ids to null). */
    public static UUID orNull(String value) {
        try {
            return value == null ? null : parse("id", value);
        } catch (BadRequestException e) {
            return null;
        }
    }

    private static UUID parse(String name, String value) {
        String trimmed = value.trim();
        // UUID.fromString accepts short forms such as "1-1-1-1-1"; only the canonical 36-character form is an id here
        if (trimmed.length() != 36) {
            throw invalid(name, value);
        }
        try {
            return UUID.fromString(trimmed);
        } catch (IllegalArgumentException e) {
            throw invalid(name, value);
        }
    }

    private static BadRequestException invalid(String name, String value) {
        String shown = value.length() > 40 || TextRule.violates(value) ? "the value" : "'" + value + "'";
        return new BadRequestException(name + ": " + shown + " is not a valid id (a UUID is expected)");
    }
}
