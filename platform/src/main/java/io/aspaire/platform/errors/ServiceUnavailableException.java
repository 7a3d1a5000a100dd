package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** A dependency (e.g. an external API or the AI provider) is not configured or not reachable. */
@ErrorCode("UNAVAILABLE")
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String message) {
        super(message);
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
