package io.aspaire.platform.errors;

import java.time.Duration;

import io.smallrye.graphql.api.ErrorCode;

/** A dependency (e.g. an external API or the AI provider) is not configured or not reachable. */
@ErrorCode("UNAVAILABLE")
public class ServiceUnavailableException extends ApiException implements RetryAfter {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message) {
        this(message, null);
    }

    /** With the delay after which a retry may succeed (REST: {@code Retry-After} header). */
    public ServiceUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String code() {
        return "UNAVAILABLE";
    }
}
