package io.aspaire.ai.client;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.ServiceUnavailableException;

/** Turns provider failures (after retries) into the suite's errors: clear messages, no stack traces. */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    public static Throwable translate(Throwable e) {
        if (e instanceof ApiException) {
            return e;
        }
        if (e instanceof CircuitBreakerOpenException) {
            return new ServiceUnavailableException(
                    "AI provider temporarily unavailable after repeated failures; try again in a minute");
        }
        if (e instanceof RateLimitException) {
            return new ServiceUnavailableException("AI provider is rate limiting requests (HTTP 429) even after "
                    + "retries; try again later");
        }
        if (e instanceof AuthenticationException) {
            return new ServiceUnavailableException("AI provider rejected the configured API key");
        }
        if (e instanceof TimeoutException || e instanceof dev.langchain4j.exception.TimeoutException) {
            return new ServiceUnavailableException("AI provider did not answer in time");
        }
        // the failure's type stays in the log: messages never name implementation classes
        return new ServiceUnavailableException("AI provider call failed (it answered with an error or could not be "
                + "reached); try again later");
    }
}
