package io.aspaire.gateway.execution;

import java.util.Map;

/** A client's GraphQL request, whatever the transport (POST JSON, POST application/graphql, GET). */
public record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {

    public GraphQLRequest {
        variables = variables == null ? Map.of() : variables;
    }
}
