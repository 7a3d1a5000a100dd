package io.aspaire.gateway.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;

import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.planning.PlanningError;

/**
 * Builds the client's response from the merged subgraph data by executing the operation with graphql-java
 * against the API schema (see {@code ApiSchemaWiring}): this applies aliases, {@code __typename}, fragments and
 * directives exactly as the client asked, answers introspection, drops planner-internal fields, and enforces
 * nullability (a missing non-null field nulls its parent, up to {@code data}).
 */
@ApplicationScoped
public class ResultShaper {

    static final String DOCUMENT_KEY = "io.aspaire.gateway.document";
    private static final Pattern PARENT_TYPE = Pattern.compile("within parent type '([^']+)'");
    private static final Pattern NON_NULL_TYPE = Pattern.compile("The non-nullable type is '([^']+)'");

    /** The operation was parsed and validated already: hand graphql-java the document instead of re-parsing. */
    private static final PreparsedDocumentProvider PREPARSED = (input, parseAndValidate) -> {
        Document document = input.getGraphQLContext().get(DOCUMENT_KEY);
        return CompletableFuture.completedFuture(document != null ? new PreparsedDocumentEntry(document)
                : parseAndValidate.apply(input));
    };

    private record Engine(Supergraph supergraph, GraphQL graphQL) {
    }

    private volatile Engine engine;

    GraphQL graphQL(Supergraph supergraph) {
        Engine e = engine;
        if (e == null || e.supergraph() != supergraph) {
            // A subscription's event is shaped as a query over the event's data: the root field reads the event
            // instead of graphql-java's SubscriptionExecutionStrategy expecting a Publisher.
            e = new Engine(supergraph, GraphQL.newGraphQL(supergraph.apiSchema()).preparsedDocumentProvider(PREPARSED)
                    .subscriptionExecutionStrategy(new AsyncExecutionStrategy()).build());
            engine = e;
        }
        return e.graphQL();
    }

    /** Executes {@code operation} over {@code data} (empty for introspection-only operations). */
    public Map<String, Object> shape(Supergraph supergraph, PreparedOperation operation, Map<String, Object> data,
            List<Map<String, Object>> fetchErrors, List<PlanningError> planningErrors) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(operation.query())
                .operationName(operation.operationName())
                .variables(operation.variables())
                .root(data)
                .locale(Locale.ENGLISH)
                .graphQLContext(Map.of(DOCUMENT_KEY, operation.document()))
                .build();
        ExecutionResult result = graphQL(supergraph).execute(input);

        List<Map<String, Object>> errors = new ArrayList<>();
        for (PlanningError planningError : planningErrors) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", planningError.message());
            error.put("path", planningError.path());
            error.put("extensions", Map.of("code", "QUERY_PLANNING_FAILED"));
            errors.add(error);
        }
        errors.addAll(fetchErrors);
        boolean upstreamErrors = !errors.isEmpty();
        for (GraphQLError error : result.getErrors()) {
            if (error instanceof NonNullableFieldWasNullError nonNull) {
                // As Apollo Gateway: a null caused by an upstream error is explained by that error already.
                if (!upstreamErrors) {
                    errors.add(nonNullError(nonNull));
                }
            } else {
                errors.add(error.toSpecification());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        body.put("data", result.getData());
        return body;
    }

    private static Map<String, Object> nonNullError(NonNullableFieldWasNullError error) {
        List<Object> path = error.getPath();
        String message = error.getMessage();
        Object last = path == null || path.isEmpty() ? null : path.get(path.size() - 1);
        String description;
        Matcher type = NON_NULL_TYPE.matcher(message);
        if (last instanceof Integer index) {
            description = "array element of type " + (type.find() ? type.group(1) : "?") + " at index " + index;
        } else {
            Matcher parent = PARENT_TYPE.matcher(message);
            description = "field " + (parent.find() ? parent.group(1) + "." : "") + last;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", "Cannot return null for non-nullable " + description + ".");
        if (path != null) {
            result.put("path", path);
        }
        return result;
    }
}
