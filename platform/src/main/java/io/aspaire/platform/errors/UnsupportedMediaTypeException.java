package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** An upload of a type the service cannot read. */
@ErrorCode("UNSUPPORTED_MEDIA_TYPE")
public class UnsupportedMediaTypeException extends ApiException {

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 415;
    }

    @Override
    public String code() {
        return "UNSUPPORTED_MEDIA_TYPE";
    }
}
