package io.aspaire.users.api;

import java.util.UUID;


/** Path and argument ids: a malformed one is a 400 with a message, not a 404 from a failed conversion. */
public final class Ids {

    private Ids() {
    }

    /** The platform's id rule for an argument or path parameter named {@code id}. */
    public static UUID parse(String id) {
        return io.aspaire.platform.input.Ids.required("id", id);
    }

    /** The platform's id rule for an argument with another name ({@code userId}). */
    public static UUID parse(String name, String id) {
        return io.aspaire.platform.input.Ids.required(name, id);
    }
}
