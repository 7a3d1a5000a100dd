package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** A per-user rate limit was exceeded; retry later. */
@ErrorCode("TOO_MANY_REQUESTS")
public class TooManyRequestsException extends ApiException {

    public TooManyRequestsException(String message) {
        super(message);
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
