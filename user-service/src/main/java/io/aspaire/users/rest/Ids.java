package io.aspaire.users.rest;

import java.util.UUID;

import io.aspaire.platform.errors.BadRequestException;

/** Path and argument ids: a malformed one is a 400 with a message, not a 404 from a failed conversion. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException("'" + id + "' is not a valid id (UUID expected)");
        }
    }
}
