package io.aspaire.platform.errors;

import io.smallrye.graphql.api.ErrorCode;

/** An upload over the documented size limit. */
@ErrorCode("PAYLOAD_TOO_LARGE")
public class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String code() {
        return "PAYLOAD_TOO_LARGE";
    }
}
