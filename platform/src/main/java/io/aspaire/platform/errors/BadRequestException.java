package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** Invalid input; the message says what is wrong and how to fix it. */
@ErrorCode("BAD_REQUEST")
public class BadRequestException extends ApiException {

    public BadRequestException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "BAD_REQUEST";
    }
}
