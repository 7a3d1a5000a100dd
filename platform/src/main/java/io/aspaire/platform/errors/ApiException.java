package io.aspaire.platform.errors;

/**
 * A failure the caller can act on: bad input, a missing or foreign resource, a limit. REST answers it with its
 * {@link #status()} and a JSON body {@code {"code", "message"}}; GraphQL with the message and {@code extensions.code}
 * (each subclass carries its {@code @ErrorCode}). Anything else is a server fault and shows no details.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message, null, false, false);
    }

    /** The HTTP status REST answers with. */
    public abstract int status();

    /** The stable machine-readable code, identical in REST bodies and GraphQL {@code extensions.code}. */
    public abstract String code();
}
