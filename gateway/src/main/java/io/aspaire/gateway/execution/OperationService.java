package io.aspaire.gateway.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.AbortExecutionException;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.validation.OperationValidationRule;
import graphql.validation.ValidationError;

import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.composition.SupergraphRegistry;
import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.limits.OperationLimits;
import io.aspaire.gateway.planning.QueryPlan;
import io.aspaire.gateway.planning.QueryPlanner;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's request pipeline: size limit → parse → operation selection → operation limits measured on the
 * fragment graph (fields, aliases, depth, cost, introspection nesting, fragment cycles; linear in the document)
 * ({@link #prepare}); then validation against the supergraph → variable coercion and normalization → planning →
 * execution → result shaping ({@link #execute}). Nothing that expands fragments runs before the limits. Authentication sits between the two in the HTTP layer, which needs to know
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
        if (cached.defer != null) {
            return reject(deferNotSupported(cached.defer));
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
        Supergraph supergraph = registry.current();
        if (supergraph == null) {
            return reject(GraphQLResult.error(GraphQLResult.Kind.UNAVAILABLE,
                    "The gateway has not composed a supergraph yet: no subgraph answered so far.",
                    Map.of("code", "SUPERGRAPH_UNAVAILABLE", "missingSubgraphs", registry.status().missingSubgraphs())));
        }
        // Linear in the document (fragments measured once): before anything that expands fragments.
        OperationLimits.Verdict verdict = cached.verdict(supergraph, operation);
        if (verdict == null) {
            verdict = OperationLimits.check(document, operation, supergraph.apiSchema(), request.variables(), limits);
            cached.measured(supergraph, operation, verdict);
        }
        if (verdict.refused()) {
            return reject(GraphQLResult.error(GraphQLResult.Kind.OPERATION_ERROR, verdict.problem(),
                    Map.of("code", verdict.code())));
        }
        return new Preparation(new PreparedOperation(query, document, operation, request.variables(),
                verdict.size().introspectionOnly(), supergraph), null);
    }

    /** A plan, or the result refusing the operation (validation, variables, limits). */
    public record Planned(QueryPlan plan, GraphQLResult rejection) {
    }

    public Uni<GraphQLResult> execute(PreparedOperation operation, Map<String, String> forwardedHeaders) {
        if (operation.isSubscription()) {
            return Uni.createFrom().item(validationError("Subscriptions are served over WebSocket: connect to /graphql "
                    + "with the graphql-transport-ws protocol (graphql-ws, Apollo Client, urql, GraphiQL)."));
        }
        Planned planned = plan(operation);
        if (planned.rejection() != null) {
            return Uni.createFrom().item(planned.rejection());
        }
        QueryPlan ready = planned.plan();
        Supergraph supergraph = operation.supergraph();
        return executor.execute(ready, operation.variables(), forwardedHeaders)
                .map(state -> state.unauthorized()
                        ? GraphQLResult.error(GraphQLResult.Kind.UNAUTHENTICATED,
                                "Unauthorized: the token is not accepted (anymore): sign in again.",
                                Map.of("code", "UNAUTHENTICATED"))
                        : new GraphQLResult(GraphQLResult.Kind.EXECUTED,
                                shaper.shape(supergraph, operation, state.data(), state.errors(), ready.errors())));
    }

    /**
     * One event of a subscription planned with {@link #plan}: the entity fields of the event resolved through the
     * other subgraphs, then shaped as the client asked. {@code Kind.UNAUTHENTICATED} when a subgraph refused the token.
     */
    public Uni<GraphQLResult> executeEvent(PreparedOperation operation, QueryPlan plan, SubgraphResponse event,
            Map<String, String> forwardedHeaders) {
        return executor.executeEvent(plan, event, operation.variables(), forwardedHeaders)
                .map(state -> state.unauthorized()
                        ? GraphQLResult.error(GraphQLResult.Kind.UNAUTHENTICATED,
                                "Unauthorized: the token is not accepted (anymore): sign in again.",
                                Map.of("code", "UNAUTHENTICATED"))
                        : new GraphQLResult(GraphQLResult.Kind.EXECUTED, shaper.shape(operation.supergraph(), operation,
                                state.data(), state.errors(), plan.errors())));
    }

    /** Validation against the supergraph → variable coercion and normalisation → the (cached) plan. */
    public Planned plan(PreparedOperation operation) {
        Supergraph supergraph = operation.supergraph();
        DocumentCache.Entry cached = documents.get(operation.query());
        if (cached != null && cached.document != operation.document()) {
            cached = null; // evicted and parsed again meanwhile: derive from this request's document only
        }
        List<ValidationError> validationErrors = cached == null ? null : cached.validationErrors(supergraph);
        if (validationErrors == null) {
            // graphql-java's "good faith introspection" refuses what Apollo answers (two __Type.fields, several
            // __schema): introspection is bounded by OperationLimits instead.
            validationErrors = ParseAndValidate.validate(supergraph.apiSchema(), operation.document(),
                    rule -> rule != OperationValidationRule.GOOD_FAITH_INTROSPECTION, Locale.ENGLISH);
            if (cached != null) {
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
            return new Planned(null, GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, errors));
        }
        List<Object> planKey = cached == null ? null : cached.planKey(operation.operation(), operation.variables());
        QueryPlan plan = planKey == null ? null : cached.plan(supergraph, planKey);
        ExecutableNormalizedOperation normalized = null;
        try {
            if (plan == null) {
                normalized = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                        supergraph.apiSchema(), operation.document(), operation.operationName(),
                        RawVariables.of(operation.variables()),
                        ExecutableNormalizedOperationFactory.Options.defaultOptions()
                                .maxFieldsCount(limits.maxFields()).locale(Locale.ENGLISH));
            } else if (!operation.operation().getVariableDefinitions().isEmpty()) {
                // What normalisation checks first (and all it does with variable values): they fit their types.
                ValuesResolver.coerceVariableValues(supergraph.apiSchema(), operation.operation().getVariableDefinitions(),
                        RawVariables.of(operation.variables()), GraphQLContext.getDefault(), Locale.ENGLISH);
            }
        } catch (AbortExecutionException e) {
            return new Planned(null, limitError("Query has too many fields once fragments are expanded (limit "
                    + limits.maxFields() + ")."));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError graphQLError) { // variable coercion problems
                Map<String, Object> spec = new LinkedHashMap<>(graphQLError.toSpecification());
                spec.put("extensions", Map.of("code", "BAD_USER_INPUT"));
                return new Planned(null, GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, List.of(spec)));
            }
            LOG.warn("Cannot normalize operation", e);
            return new Planned(null, validationError("The operation cannot be processed."));
        }
        if (plan == null) {
            plan = new QueryPlanner(supergraph).plan(normalized, operation.operation());
            if (planKey != null) {
                cached.planned(supergraph, planKey, plan);
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Query plan:%n%s", plan.describe());
        }
        return new Planned(plan, null);
    }

    private static Preparation reject(GraphQLResult result) {
        return new Preparation(null, result);
    }

    private static GraphQLResult limitError(String message) {
        return GraphQLResult.error(GraphQLResult.Kind.OPERATION_ERROR, message, Map.of("code", "OPERATION_LIMIT_EXCEEDED"));
    }

    /**
     * Incremental delivery would need deferred fetch groups in the planner and multipart responses: not cheap, and
     * Apollo Gateway 2.14 refuses {@code @defer} as well ("Unknown directive"). A named code tells the client what to
     * change rather than letting graphql-java accept the directive and answer everything at once.
     */
    private static GraphQLResult deferNotSupported(Directive defer) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "@defer is not supported by this gateway: remove the directive and the deferred fields "
                + "come in the one response.");
        if (defer.getSourceLocation() != null) {
            error.put("locations", List.of(Map.of("line", defer.getSourceLocation().getLine(),
                    "column", defer.getSourceLocation().getColumn())));
        }
        error.put("extensions", Map.of("code", "DEFER_NOT_SUPPORTED"));
        return GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, List.of(error));
    }

    private static GraphQLResult validationError(String message) {
        return GraphQLResult.error(GraphQLResult.Kind.OPERATION_ERROR, message, Map.of("code", "GRAPHQL_VALIDATION_FAILED"));
    }
}
