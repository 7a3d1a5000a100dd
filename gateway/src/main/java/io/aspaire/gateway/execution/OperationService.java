package io.aspaire.gateway.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.AbortExecutionException;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.validation.ValidationError;

import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.composition.SupergraphRegistry;
import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.limits.OperationLimits;
import io.aspaire.gateway.planning.QueryPlan;
import io.aspaire.gateway.planning.QueryPlanner;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's request pipeline: size limit → parse → operation selection → depth limit ({@link #prepare}); then
 * validation against the supergraph → variable coercion and normalization → cost limit → planning → execution →
 * result shaping ({@link #execute}). Authentication sits between the two in the HTTP layer, which needs to know
 * whether the operation is pure introspection.
 */
@ApplicationScoped
public class OperationService {

    private static final Logger LOG = Logger.getLogger(OperationService.class);

    private final SupergraphRegistry registry;
    private final PlanExecutor executor;
    private final ResultShaper shaper;
    private final GatewayConfig.Limits limits;
    private final DocumentCache documents = new DocumentCache(512);

    public OperationService(SupergraphRegistry registry, PlanExecutor executor, ResultShaper shaper, GatewayConfig config) {
        this.registry = registry;
        this.executor = executor;
        this.shaper = shaper;
        this.limits = config.limits();
    }

    /** Either a {@link PreparedOperation} or the {@link GraphQLResult} rejecting the request. */
    public record Preparation(PreparedOperation operation, GraphQLResult rejection) {
    }

    public Preparation prepare(GraphQLRequest request) {
        String query = request.query();
        if (query == null || query.isBlank()) {
            return reject(GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR,
                    "The request has no query (send {\"query\": \"...\"})", Map.of("code", "BAD_REQUEST")));
        }
        if (query.length() > limits.maxQueryLength()) {
            return reject(limitError("Query is too large: " + query.length() + " characters, the limit is "
                    + limits.maxQueryLength() + "."));
        }
        DocumentCache.Entry cached = documents.get(query);
        if (cached == null) {
            Document parsed;
            try {
                ParserOptions options = ParserOptions.getDefaultOperationParserOptions().transform(o -> o
                        .maxTokens(limits.maxTokens()).maxCharacters(limits.maxQueryLength() + 1));
                parsed = Parser.parse(ParserEnvironment.newParserEnvironment().document(query).parserOptions(options).build());
            } catch (InvalidSyntaxException e) {
                Map<String, Object> error = new LinkedHashMap<>(e.toInvalidSyntaxError().toSpecification());
                error.put("extensions", Map.of("code", "GRAPHQL_PARSE_FAILED"));
                return reject(GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, List.of(error)));
            }
            cached = documents.put(query, parsed);
        }
        Document document = cached.document;
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition operation = null;
        if (request.operationName() == null || request.operationName().isEmpty()) {
            if (operations.size() == 1) {
                operation = operations.get(0);
            } else {
                return reject(validationError(operations.isEmpty() ? "The document contains no operation."
                        : "Must provide operation name if query contains multiple operations."));
            }
        } else {
            for (OperationDefinition candidate : operations) {
                if (request.operationName().equals(candidate.getName())) {
                    operation = candidate;
                }
            }
            if (operation == null) {
                return reject(validationError("Unknown operation named \"" + request.operationName() + "\"."));
            }
        }
        if (operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
            return reject(validationError("Subscriptions are not supported by the gateway."));
        }
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        int depth = OperationLimits.depth(operation.getSelectionSet(), fragments);
        if (depth > limits.maxDepth()) {
            return reject(limitError("Query is too deep: depth " + (depth >= Integer.MAX_VALUE / 2 ? "unbounded" : depth)
                    + " exceeds the maximum depth of " + limits.maxDepth() + "."));
        }
        boolean introspectionOnly = isIntrospectionOnly(operation.getSelectionSet(), fragments, new ArrayList<>());
        return new Preparation(new PreparedOperation(query, document, operation, request.variables(), introspectionOnly),
                null);
    }

    public Uni<GraphQLResult> execute(PreparedOperation operation, Map<String, String> forwardedHeaders) {
        Supergraph supergraph = registry.current();
        if (supergraph == null) {
            return Uni.createFrom().item(GraphQLResult.error(GraphQLResult.Kind.UNAVAILABLE,
                    "The gateway has not composed a supergraph yet: no subgraph answered so far.",
                    Map.of("code", "SUPERGRAPH_UNAVAILABLE", "missingSubgraphs", registry.status().missingSubgraphs())));
        }
        DocumentCache.Entry cached = documents.get(operation.query());
        List<ValidationError> validationErrors = cached == null ? null : cached.validationErrors(supergraph);
        if (validationErrors == null) {
            validationErrors = ParseAndValidate.validate(supergraph.apiSchema(), operation.document(), Locale.ENGLISH);
            if (cached != null && cached.document == operation.document()) {
                cached.validated(supergraph, validationErrors);
            }
        }
        if (!validationErrors.isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ValidationError error : validationErrors) {
                Map<String, Object> spec = new LinkedHashMap<>(error.toSpecification());
                spec.put("extensions", Map.of("code", "GRAPHQL_VALIDATION_FAILED"));
                errors.add(spec);
            }
            return Uni.createFrom().item(GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, errors));
        }
        ExecutableNormalizedOperation normalized;
        try {
            normalized = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    supergraph.apiSchema(), operation.document(), operation.operationName(),
                    RawVariables.of(operation.variables()),
                    ExecutableNormalizedOperationFactory.Options.defaultOptions()
                            .maxFieldsCount(limits.maxFields()).locale(Locale.ENGLISH));
        } catch (AbortExecutionException e) {
            return Uni.createFrom().item(limitError("Query has too many fields once fragments are expanded (limit "
                    + limits.maxFields() + ")."));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError graphQLError) { // variable coercion problems
                Map<String, Object> spec = new LinkedHashMap<>(graphQLError.toSpecification());
                spec.put("extensions", Map.of("code", "BAD_USER_INPUT"));
                return Uni.createFrom().item(GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, List.of(spec)));
            }
            LOG.warn("Cannot normalize operation", e);
            return Uni.createFrom().item(validationError("Cannot process the operation: " + e.getMessage()));
        }
        long cost = OperationLimits.cost(normalized.getTopLevelFields(), supergraph.apiSchema(), limits.defaultListSize());
        if (cost > limits.maxCost()) {
            return Uni.createFrom().item(limitError("Query is too expensive: estimated cost " + cost
                    + " exceeds the maximum cost of " + limits.maxCost() + "."));
        }
        QueryPlan plan = new QueryPlanner(supergraph).plan(normalized, operation.operation());
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Query plan:%n%s", plan.describe());
        }
        return executor.execute(plan, operation.variables(), forwardedHeaders)
                .map(state -> new GraphQLResult(GraphQLResult.Kind.EXECUTED,
                        shaper.shape(supergraph, operation, state.data(), state.errors(), plan.errors())));
    }

    /** True when the operation only asks for {@code __schema}, {@code __type} and {@code __typename}. */
    private static boolean isIntrospectionOnly(SelectionSet selectionSet, Map<String, FragmentDefinition> fragments,
            List<String> visiting) {
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                if (!field.getName().startsWith("__")) {
                    return false;
                }
            } else if (selection instanceof InlineFragment inline) {
                if (!isIntrospectionOnly(inline.getSelectionSet(), fragments, visiting)) {
                    return false;
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment == null || visiting.contains(spread.getName())) {
                    return false;
                }
                visiting.add(spread.getName());
                boolean only = isIntrospectionOnly(fragment.getSelectionSet(), fragments, visiting);
                visiting.remove(spread.getName());
                if (!only) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Preparation reject(GraphQLResult result) {
        return new Preparation(null, result);
    }

    private static GraphQLResult limitError(String message) {
        return GraphQLResult.error(GraphQLResult.Kind.OPERATION_ERROR, message, Map.of("code", "OPERATION_LIMIT_EXCEEDED"));
    }

    private static GraphQLResult validationError(String message) {
        return GraphQLResult.error(GraphQLResult.Kind.OPERATION_ERROR, message, Map.of("code", "GRAPHQL_VALIDATION_FAILED"));
    }
}
