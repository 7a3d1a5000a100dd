package io.aspaire.jobs.client;

/** A source answered something we cannot use (not JSON, wrong shape, an API error). Not worth retrying. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message, null, false, false);
    }
}
