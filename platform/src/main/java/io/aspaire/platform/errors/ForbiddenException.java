package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The caller is authenticated but the resource belongs to someone else. */
@ErrorCode("FORBIDDEN")
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String code() {
        return "FORBIDDEN";
    }
}
