package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The resource does not exist (or is not visible to the caller). */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }
}
