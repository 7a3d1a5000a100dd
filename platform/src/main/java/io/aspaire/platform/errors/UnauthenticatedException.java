package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** No valid credentials (missing, tampered or expired token, wrong password). */
@ErrorCode("UNAUTHENTICATED")
public class UnauthenticatedException extends ApiException {

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String code() {
        return "UNAUTHENTICATED";
    }
}
