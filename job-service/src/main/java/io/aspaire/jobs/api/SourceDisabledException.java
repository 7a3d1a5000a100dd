package io.aspaire.jobs.api;

import io.aspaire.platform.errors.NotFoundException;
import io.smallrye.graphql.api.ErrorCode;

/**
 * A live search of a source this deployment has not enabled (SerpAPI without an API key): a configuration state, so
 * 404 with code SOURCE_DISABLED and what to set, not a 5xx (503 stays for a real upstream outage).
 */
@ErrorCode("SOURCE_DISABLED")
public class SourceDisabledException extends NotFoundException {

    public SourceDisabledException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "SOURCE_DISABLED";
    }
}
