package io.aspaire.gateway.execution;

import java.util.Map;

import graphql.language.Document;
import graphql.language.OperationDefinition;

/** A parsed request whose operation has been selected and passed the size and depth limits. */
public record PreparedOperation(String query, Document document, OperationDefinition operation,
        Map<String, Object> variables, boolean introspectionOnly) {

    public String operationName() {
        return operation.getName();
    }

    public boolean isMutation() {
        return operation.getOperation() == OperationDefinition.Operation.MUTATION;
    }
}
