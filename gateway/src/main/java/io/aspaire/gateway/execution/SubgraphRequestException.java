package io.aspaire.gateway.execution;

/** A subgraph could not be asked or did not answer with GraphQL JSON (refused, timed out, HTTP 5xx HTML ...). */
public class SubgraphRequestException extends RuntimeException {

    private final boolean answerLost;

    public SubgraphRequestException(String message) {
        this(message, false);
    }

    /**
     * @param answerLost the request may have reached the service and no answer came back (timed out, or the connection
     *                   broke after it was sent): a mutation may or may not have been applied
     */
    public SubgraphRequestException(String message, boolean answerLost) {
        super(message, null, false, false);
        this.answerLost = answerLost;
    }

    public boolean answerLost() {
        return answerLost;
    }
}
