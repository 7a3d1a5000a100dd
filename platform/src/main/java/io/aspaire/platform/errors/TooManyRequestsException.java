package io.aspaire.platform.errors;

import java.time.Duration;

import io.smallrye.graphql.api.ErrorCode;

/** A per-user rate limit was exceeded; retry later. */
@ErrorCode("TOO_MANY_REQUESTS")
public class TooManyRequestsException extends ApiException implements RetryAfter {

    private final Duration retryAfter;

    public TooManyRequestsException(String message) {
        this(message, null);
    }

    /** With the delay after which a retry may succeed (REST: {@code Retry-After} header). */
    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String code() {
        return "TOO_MANY_REQUESTS";
    }
}
