package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The request clashes with the current state (e.g. an e-mail already registered). */
@ErrorCode("CONFLICT")
public class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String code() {
        return "CONFLICT";
    }
}
