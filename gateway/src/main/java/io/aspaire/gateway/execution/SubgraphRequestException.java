package io.aspaire.gateway.execution;

/** A subgraph could not be asked or did not answer with GraphQL JSON (refused, timed out, HTTP 5xx HTML ...). */
public class SubgraphRequestException extends RuntimeException {

    public SubgraphRequestException(String message) {
        super(message, null, false, false);
    }
}
