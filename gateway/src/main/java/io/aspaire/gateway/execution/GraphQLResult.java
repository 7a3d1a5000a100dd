package io.aspaire.gateway.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response body with what the HTTP layer needs to choose the status code (GraphQL over HTTP):
 * <ul>
 * <li>{@link Kind#EXECUTED}: the operation ran (possibly with errors and partial data): 200;</li>
 * <li>{@link Kind#OPERATION_ERROR}: parse, validation, variable or limit error, nothing ran: 200 for
 * {@code application/json}, 400 for {@code application/graphql-response+json};</li>
 * <li>{@link Kind#REQUEST_ERROR}: not a GraphQL request at all (no query, bad JSON): 400;</li>
 * <li>{@link Kind#UNAUTHENTICATED}: the token is refused, by the gateway or by a subgraph (HTTP 401 there): 401;</li>
 * <li>{@link Kind#UNAVAILABLE}: no supergraph composed yet: 503.</li>
 * </ul>
 */
public record GraphQLResult(Kind kind, Map<String, Object> body) {

    public enum Kind { EXECUTED, OPERATION_ERROR, REQUEST_ERROR, UNAUTHENTICATED, UNAVAILABLE }

    public static GraphQLResult error(Kind kind, String message, Map<String, Object> extensions) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (extensions != null && !extensions.isEmpty()) {
            error.put("extensions", extensions);
        }
        return errors(kind, List.of(error));
    }

    public static GraphQLResult errors(Kind kind, List<Map<String, Object>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", errors);
        return new GraphQLResult(kind, body);
    }
}
