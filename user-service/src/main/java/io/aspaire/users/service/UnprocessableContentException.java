package io.aspaire.users.service;

import io.aspaire.platform.errors.ApiException;
import io.smallrye.graphql.api.ErrorCode;

/**
 * A well-formed request whose content cannot be used: a PDF without extractable text (scanned), an encrypted or
 * corrupt document. 422, so clients can tell it from a wrong type (415) or a missing field (400).
 * (The platform has no 422 class; if another service needs one, it belongs in io.aspaire.platform.errors.)
 */
@ErrorCode("UNPROCESSABLE_CONTENT")
public class UnprocessableContentException extends ApiException {

    public UnprocessableContentException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String code() {
        return "UNPROCESSABLE_CONTENT";
    }
}
