package io.aspaire.gateway.execution;

import java.util.Map;

import graphql.language.Document;
import graphql.language.OperationDefinition;

import io.aspaire.gateway.composition.Supergraph;

/** A parsed request whose operation has been selected and passed the operation limits against {@code supergraph}. */
public record PreparedOperation(String query, Document document, OperationDefinition operation,
        Map<String, Object> variables, boolean introspectionOnly, Supergraph supergraph) {

    public String operationName() {
        return operation.getName();
    }

    public boolean isMutation() {
        return operation.getOperation() == OperationDefinition.Operation.MUTATION;
    }

    public boolean isSubscription() {
        return operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
    }
}
