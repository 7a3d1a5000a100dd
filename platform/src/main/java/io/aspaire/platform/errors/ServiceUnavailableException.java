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

    /**
     * The service's own database does not answer right now (refused or dropped connections, an operator shutdown, a
     * deadlock: {@link io.aspaire.platform.inbox.TransientFailures}). "Try again" rather than a fault: GraphQL
     * fetchers (postgresql.SessionPerFetcher) and REST resources (RestExceptionMappers) answer with this.
     */
    public static ServiceUnavailableException databaseUnreachable() {
        return new ServiceUnavailableException("the database is not reachable right now; try again in a few seconds",
                DATABASE_RETRY_AFTER);
    }

    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

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
