package io.aspaire.gateway.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.aspaire.gateway.composition.CompositionStatus;
import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.composition.SupergraphRegistry;
import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.execution.GraphQLRequest;
import io.aspaire.gateway.execution.GraphQLResult;
import io.aspaire.gateway.execution.OperationService;
import io.aspaire.gateway.execution.PersistedQueries;
import io.aspaire.gateway.metrics.GatewayMetrics;
import io.aspaire.gateway.security.JwtGuard;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * GraphQL over HTTP on Vert.x routes (non-blocking, on the event loop):
 * <ul>
 * <li>{@code POST /graphql} ({@code application/json} or {@code application/graphql}) and {@code GET /graphql}
 * (queries only); a browser GET without a query is redirected to GraphiQL; automatic persisted queries on both
 * ({@link PersistedQueries}); a WebSocket upgrade goes to {@link GraphQLWebSocket} (subscriptions);</li>
 * <li>{@code GET /gateway/supergraph}: composition status and the composed API schema (SDL);</li>
 * <li>{@code POST /gateway/recompose}: fetch the subgraph SDLs and compose now.</li>
 * </ul>
 * Responses are {@code application/graphql-response+json} when the client accepts it (then request errors are
 * HTTP 400), {@code application/json} otherwise (then they are HTTP 200).
 */
@ApplicationScoped
public class GraphQLRoutes {

    private static final Logger LOG = Logger.getLogger(GraphQLRoutes.class);
    private static final String GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
    private static final String REQUEST_ID = "X-Request-Id";
    /** Routing-context keys for the request metrics: when the request came in, its operation type, its outcome. */
    private static final String STARTED = "aspaire.started";
    private static final String OPERATION_TYPE = "aspaire.operation";
    private static final String OUTCOME = "aspaire.outcome";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    static final String INTERNAL_ERROR_MESSAGE = "The gateway could not process this request.";

    private final OperationService operations;
    private final SupergraphRegistry registry;
    private final JwtGuard jwtGuard;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    private final ObjectReader requestReader;
    private final GatewayMetrics metrics;
    private final PersistedQueries persistedQueries;
    private final GraphQLWebSocket webSocket;

    public GraphQLRoutes(OperationService operations, SupergraphRegistry registry, JwtGuard jwtGuard,
            ObjectMapper mapper, GatewayConfig config, GatewayMetrics metrics, PersistedQueries persistedQueries,
            GraphQLWebSocket webSocket) {
        this.operations = operations;
        this.webSocket = webSocket;
        this.persistedQueries = persistedQueries;
        this.metrics = metrics;
        this.registry = registry;
        this.jwtGuard = jwtGuard;
        this.mapper = mapper;
        this.config = config;
        // as the subgraphs (SmallRye GraphQL): raw tabs and line breaks inside JSON strings are accepted
        this.requestReader = mapper.readerFor(JSON_OBJECT).with(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);
    }

    void register(@Observes Router router) {
        router.route("/graphql").handler(ctx -> {
            ctx.put(STARTED, System.nanoTime());
            ctx.next();
        });
        router.post("/graphql").handler(BodyHandler.create(false).setBodyLimit(config.limits().maxRequestBytes()));
        router.post("/graphql").handler(this::post);
        // graphql-transport-ws (subscriptions) on the same path: a WebSocket upgrade is not a GraphQL GET
        router.get("/graphql").handler(ctx -> {
            if (GraphQLWebSocket.isUpgrade(ctx)) {
                webSocket.accept(ctx);
            } else {
                ctx.next();
            }
        });
        router.get("/graphql").handler(this::get);
        router.route("/graphql").handler(ctx -> {
            ctx.response().putHeader("Allow", "GET, POST");
            respond(ctx, 405, errorBody("Use GET or POST on /graphql.", "METHOD_NOT_ALLOWED"),
                    acceptsGraphQLResponse(ctx));
        });
        // Failures the gateway's own handlers did not answer (the body limit's 413 above all): GraphQL-shaped too.
        router.route("/graphql").failureHandler(this::failure);
        router.get("/graphiql").handler(ctx -> {
            if (ctx.request().path().equals("/graphiql")) { // Vert.x also matches "/graphiql/" here
                ctx.redirect("/graphiql/");
            } else {
                ctx.next();
            }
        });
        router.get("/gateway/supergraph").handler(this::supergraph);
        router.post("/gateway/recompose").handler(this::recompose);
    }

    private void post(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean graphQLResponse = acceptsGraphQLResponse(ctx);
        GraphQLRequest request;
        if (contentType != null && contentType.toLowerCase().startsWith("application/graphql")
                && !contentType.toLowerCase().startsWith("application/graphql-response")) {
            request = new GraphQLRequest(ctx.body().asString(), ctx.request().getParam("operationName"), Map.of());
            handle(ctx, request, null, false, graphQLResponse);
            return;
        } else if (contentType == null || contentType.toLowerCase().contains("json")) {
            Map<String, Object> body;
            try {
                Buffer buffer = ctx.body().buffer();
                body = buffer == null || buffer.length() == 0 ? null : requestReader.readValue(buffer.getBytes());
            } catch (IOException | RuntimeException e) {
                body = null;
            }
            if (body == null) {
                respond(ctx, badRequest("The request body is not a JSON object."), graphQLResponse);
                return;
            }
            GraphQLResult problem = checkTypes(body.get("query"), body.get("operationName"), body.get("variables"),
                    body.get("extensions"));
            if (problem != null) {
                respond(ctx, problem, graphQLResponse);
                return;
            }
            PersistedQueries.Lookup persisted = persistedQueries.resolve((String) body.get("query"),
                    body.get("extensions"));
            if (persisted.rejection() != null) {
                respond(ctx, persisted.rejection(), graphQLResponse);
                return;
            }
            request = new GraphQLRequest(persisted.query(), (String) body.get("operationName"),
                    asMap(body.get("variables")));
            handle(ctx, request, persisted.hashToRegister(), false, graphQLResponse);
        } else {
            respond(ctx, 415, errorBody("Unsupported content type " + contentType.replace("\"", "")
                    + ": use application/json.", "UNSUPPORTED_MEDIA_TYPE"), graphQLResponse);
        }
    }

    private void get(RoutingContext ctx) {
        String query = ctx.request().getParam("query");
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (query == null && accept != null && accept.contains("text/html")) {
            ctx.redirect("/graphiql/");
            return;
        }
        boolean graphQLResponse = acceptsGraphQLResponse(ctx);
        Map<String, Object> variables = Map.of();
        String rawVariables = ctx.request().getParam("variables");
        if (rawVariables != null && !rawVariables.isBlank()) {
            try {
                variables = mapper.readValue(rawVariables, JSON_OBJECT);
            } catch (IOException e) {
                respond(ctx, badRequest("The \"variables\" parameter is not a JSON object."), graphQLResponse);
                return;
            }
        }
        Object extensions = null;
        String rawExtensions = ctx.request().getParam("extensions");
        if (rawExtensions != null && !rawExtensions.isBlank()) {
            try {
                extensions = mapper.readValue(rawExtensions, JSON_OBJECT);
            } catch (IOException e) {
                respond(ctx, badRequest("The \"extensions\" parameter is not a JSON object."), graphQLResponse);
                return;
            }
        }
        PersistedQueries.Lookup persisted = persistedQueries.resolve(query, extensions);
        if (persisted.rejection() != null) {
            respond(ctx, persisted.rejection(), graphQLResponse);
            return;
        }
        handle(ctx, new GraphQLRequest(persisted.query(), ctx.request().getParam("operationName"), variables),
                persisted.hashToRegister(), true, graphQLResponse);
    }

    /**
     * @param hashToRegister the persisted-query hash the client sent with this query (already checked), remembered
     *        once the query parses; null when the request is not a persisted-query registration
     */
    private void handle(RoutingContext ctx, GraphQLRequest request, String hashToRegister, boolean viaGet,
            boolean graphQLResponse) {
        try {
            OperationService.Preparation preparation = operations.prepare(request);
            if (preparation.rejection() != null) {
                respond(ctx, preparation.rejection(), graphQLResponse);
                return;
            }
            if (hashToRegister != null) {
                persistedQueries.register(hashToRegister, request.query());
            }
            ctx.put(OPERATION_TYPE, preparation.operation().isMutation() ? "mutation" : "query");
            if (viaGet && preparation.operation().isMutation()) {
                ctx.response().putHeader("Allow", "POST");
                respond(ctx, 405, GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR,
                        "Mutations must be sent with POST.", Map.of("code", "METHOD_NOT_ALLOWED")).body(), graphQLResponse);
                return;
            }
            String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            JwtGuard.Verdict verdict = jwtGuard.check(authorization);
            // A deleted account's token is refused for everything; another bad token still may introspect.
            if (verdict.outcome() == JwtGuard.Outcome.REVOKED
                    || verdict.outcome() == JwtGuard.Outcome.INVALID && !preparation.operation().introspectionOnly()) {
                unauthorized(ctx, "Unauthorized: " + verdict.reason() + ".", graphQLResponse);
                return;
            }
            Map<String, String> forwarded = new LinkedHashMap<>();
            if (authorization != null && !authorization.isBlank()) {
                forwarded.put("Authorization", authorization);
            }
            forwarded.put(REQUEST_ID, requestId(ctx));
            // no trace headers copied from the client: with tracing on, the subgraph request carries the traceparent of
            // the gateway's own client span (OpenTelemetry's HTTP client instrumentation), a child of the caller's span
            operations.execute(preparation.operation(), forwarded).subscribe().with(
                    result -> respond(ctx, result, graphQLResponse),
                    failure -> internalError(ctx, failure, graphQLResponse));
        } catch (RuntimeException e) {
            internalError(ctx, e, graphQLResponse);
        }
    }

    private void supergraph(RoutingContext ctx) {
        Map<String, Object> body = statusBody(registry.status());
        Supergraph current = registry.current();
        body.put("sdl", current == null ? null : current.apiSdl());
        body.put("rootFields", current == null ? Map.of() : current.rootFieldOwners());
        respond(ctx, 200, body, false);
    }

    private void recompose(RoutingContext ctx) {
        registry.refresh().subscribe().with(status -> respond(ctx, 200, statusBody(status), false),
                failure -> internalError(ctx, failure, false));
    }

    private static Map<String, Object> statusBody(CompositionStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", status.ready());
        body.put("composedAt", status.composedAt() == null ? null : status.composedAt().toString());
        body.put("composedSubgraphs", status.composedSubgraphs());
        body.put("missingSubgraphs", status.missingSubgraphs());
        body.put("subgraphErrors", status.subgraphErrors());
        body.put("compositionErrors", status.compositionErrors());
        return body;
    }

    private void respond(RoutingContext ctx, GraphQLResult result, boolean graphQLResponse) {
        int status = switch (result.kind()) {
            case EXECUTED -> 200;
            case OPERATION_ERROR -> graphQLResponse ? 400 : 200;
            case REQUEST_ERROR -> 400;
            case UNAUTHENTICATED -> 401;
            case UNAVAILABLE -> 503;
        };
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        ctx.put(OUTCOME, switch (result.kind()) {
            case EXECUTED -> result.body().get("errors") == null ? "success" : "partial";
            case OPERATION_ERROR -> "rejected";
            case REQUEST_ERROR -> "bad_request";
            case UNAUTHENTICATED -> "unauthenticated";
            case UNAVAILABLE -> "unavailable";
        });
        respond(ctx, status, result.body(), graphQLResponse);
    }

    private void unauthorized(RoutingContext ctx, String message, boolean graphQLResponse) {
        respond(ctx, GraphQLResult.error(GraphQLResult.Kind.UNAUTHENTICATED, message, Map.of("code", "UNAUTHENTICATED")),
                graphQLResponse);
    }

    private void failure(RoutingContext ctx) {
        boolean graphQLResponse = acceptsGraphQLResponse(ctx);
        if (ctx.statusCode() == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // do not read the rest of the body
            respond(ctx, 413, errorBody("The request body is too large: the limit is "
                    + config.limits().maxRequestBytes() + " bytes.", "PAYLOAD_TOO_LARGE"), graphQLResponse);
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            respond(ctx, ctx.statusCode(), errorBody("The request cannot be read.", "BAD_REQUEST"), graphQLResponse);
        } else {
            internalError(ctx, ctx.failure(), graphQLResponse);
        }
    }

    private static Map<String, Object> errorBody(String message, String code) {
        return GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR, message, Map.of("code", code)).body();
    }

    private void respond(RoutingContext ctx, int status, Map<String, Object> body, boolean graphQLResponse) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(ClientErrors.clean(body));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Request %s: cannot encode the response", requestId(ctx));
            bytes = ("{\"errors\":[{\"message\":\"" + INTERNAL_ERROR_MESSAGE
                    + "\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}").getBytes(StandardCharsets.UTF_8);
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, (graphQLResponse ? GRAPHQL_RESPONSE_JSON : "application/json")
                        + "; charset=utf-8")
                .putHeader(REQUEST_ID, requestId(ctx))
                .end(Buffer.buffer(bytes));
        Long started = ctx.get(STARTED);
        if (started != null) { // a /graphql request (not the supergraph endpoints)
            String operation = ctx.get(OPERATION_TYPE);
            String outcome = ctx.get(OUTCOME);
            metrics.requestCompleted(operation == null ? "unknown" : operation, outcome == null ? "bad_request" : outcome,
                    System.nanoTime() - started);
        }
    }

    /**
     * Something unexpected inside the gateway while answering a client's request: logged with the request id, answered
     * as a GraphQL error with HTTP 200 (never a 500 or a stack trace for what a client sent).
     */
    private void internalError(RoutingContext ctx, Throwable failure, boolean graphQLResponse) {
        LOG.errorf(failure, "Request %s failed inside the gateway", requestId(ctx));
        ctx.put(OUTCOME, "internal_error");
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "INTERNAL_SERVER_ERROR");
        extensions.put("requestId", requestId(ctx));
        respond(ctx, 200, GraphQLResult.error(GraphQLResult.Kind.EXECUTED, INTERNAL_ERROR_MESSAGE, extensions).body(),
                graphQLResponse);
    }

    /** The client's request id, or a new one; the same id goes to every subgraph call and back to the client. */
    private static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        if (id == null) {
            id = ctx.request().getHeader(REQUEST_ID);
            if (id == null || id.isBlank() || id.length() > 200) {
                id = UUID.randomUUID().toString();
            }
            ctx.put(REQUEST_ID, id);
        }
        return id;
    }

    private static boolean acceptsGraphQLResponse(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(GRAPHQL_RESPONSE_JSON);
    }

    /** Same checks and wording as the subgraphs' {@code GraphQLEnvelope} (platform): one answer everywhere. */
    private static GraphQLResult checkTypes(Object query, Object operationName, Object variables, Object extensions) {
        if (query != null && !(query instanceof String)) {
            return badRequest("\"query\" must be a string.");
        }
        if (operationName != null && !(operationName instanceof String)) {
            return badRequest("\"operationName\" must be a string.");
        }
        if (variables != null && !(variables instanceof Map)) {
            return badRequest("\"variables\" must be a JSON object.");
        }
        if (extensions != null && !(extensions instanceof Map)) {
            return badRequest("\"extensions\" must be a JSON object.");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static GraphQLResult badRequest(String message) {
        return GraphQLResult.error(GraphQLResult.Kind.REQUEST_ERROR, message, Map.of("code", "BAD_REQUEST"));
    }
}
