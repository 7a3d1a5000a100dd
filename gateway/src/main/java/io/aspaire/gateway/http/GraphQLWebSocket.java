package io.aspaire.gateway.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.gateway.accounts.DeletedAccounts;
import io.aspaire.gateway.config.GatewayConfig;
import io.aspaire.gateway.execution.GraphQLRequest;
import io.aspaire.gateway.execution.GraphQLResult;
import io.aspaire.gateway.execution.OperationService;
import io.aspaire.gateway.execution.PersistedQueries;
import io.aspaire.gateway.execution.PreparedOperation;
import io.aspaire.gateway.execution.SubgraphResponse;
import io.aspaire.gateway.execution.SubgraphSubscriptions;
import io.aspaire.gateway.metrics.GatewayMetrics;
import io.aspaire.gateway.planning.FetchGroup;
import io.aspaire.gateway.planning.QueryPlan;
import io.aspaire.gateway.security.JwtGuard;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * GraphQL over WebSocket on {@code /graphql}, the {@code graphql-transport-ws} protocol of the graphql-ws library
 * (Apollo Client's GraphQLWsLink, urql, GraphiQL). Subscriptions are planned like queries: the root field goes to its
 * subgraph as a subscription over graphql-ws ({@link SubgraphSubscriptions}), and every event it sends is completed
 * from the other subgraphs through batched {@code _entities} before it is shaped and sent to the client. Queries and
 * mutations sent over the socket run once ({@code next}, {@code complete}).
 * <p>
 * Authentication: the token comes in {@code connection_init}'s payload ({@code Authorization: "Bearer …"}, or the
 * upgrade request's header for clients that can set one). An invalid or revoked token closes with 4403; a valid one
 * is watched: the connection closes with 4403 when it expires or when its account is deleted ({@code UserDeleted}).
 * Close codes are graphql-ws's: 4400 bad message, 4401 subscribe before {@code connection_ack}, 4403 forbidden, 4406
 * wrong subprotocol, 4408 no {@code connection_init} in time, 4409 operation id in use, 4429 second
 * {@code connection_init}; and 1013 ("Try Again Later") when the client does not read fast enough: more than
 * {@code subscriptions.max-pending-messages} messages waiting for it.
 * <p>
 * Everything of a connection runs on its event loop ({@link Context}), so its state needs no locks. A closing
 * connection cancels every upstream subscription it holds.
 */
@ApplicationScoped
public class GraphQLWebSocket {

    private static final Logger LOG = Logger.getLogger(GraphQLWebSocket.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    static final short SLOW_CLIENT = 1013;

    private final OperationService operations;
    private final PersistedQueries persistedQueries;
    private final SubgraphSubscriptions subgraphs;
    private final JwtGuard jwtGuard;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    /** Open connections by the user their token names: closed when the account is deleted. */
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    public GraphQLWebSocket(OperationService operations, PersistedQueries persistedQueries,
            SubgraphSubscriptions subgraphs, JwtGuard jwtGuard, ObjectMapper mapper, GatewayConfig config,
            GatewayMetrics metrics, Vertx vertx, DeletedAccounts deletedAccounts) {
        this.operations = operations;
        this.persistedQueries = persistedQueries;
        this.subgraphs = subgraphs;
        this.jwtGuard = jwtGuard;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        deletedAccounts.onDeletion(this::accountDeleted);
    }

    static boolean isUpgrade(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    void accept(RoutingContext ctx) {
        String headerAuthorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        ctx.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.debugf(upgraded.cause(), "WebSocket upgrade failed");
                return;
            }
            new Connection(upgraded.result(), headerAuthorization, vertx.getOrCreateContext()).start();
        });
    }

    private void accountDeleted(String userId) {
        Set<Connection> connections = byUser.get(userId);
        if (connections != null) {
            for (Connection connection : List.copyOf(connections)) {
                connection.context.runOnContext(v -> connection.close((short) 4403, "Forbidden: this account has been deleted"));
            }
        }
    }

    /** One client's WebSocket. */
    private final class Connection {
        private final ServerWebSocket socket;
        private final String headerAuthorization;
        private final Context context;
        private final Map<String, Operation> active = new HashMap<>();
        private boolean initReceived;
        private boolean acknowledged;
        private boolean closed;
        private String authorization;
        private String subject;
        private long initTimer = -1;
        private long expiryTimer = -1;
        /** Messages taken on for this client and not yet handed to its TCP connection. */
        private int pending;

        Connection(ServerWebSocket socket, String headerAuthorization, Context context) {
            this.socket = socket;
            this.headerAuthorization = headerAuthorization;
            this.context = context;
        }

        void start() {
            if (!SubgraphSubscriptions.PROTOCOL.equals(socket.subProtocol())) {
                close((short) 4406, "Subprotocol not acceptable: use " + SubgraphSubscriptions.PROTOCOL);
                return;
            }
            socket.textMessageHandler(this::received);
            socket.binaryMessageHandler(b -> close((short) 4400, "Binary messages are not supported"));
            socket.closeHandler(v -> released());
            socket.exceptionHandler(e -> LOG.debugf(e, "WebSocket error"));
            long timeout = Math.max(1, config.subscriptions().connectionInitTimeout().toMillis());
            initTimer = vertx.setTimer(timeout, t -> {
                if (!initReceived) {
                    close((short) 4408, "Connection initialisation timeout");
                }
            });
        }

        private void received(String text) {
            Map<String, Object> message;
            try {
                message = mapper.readValue(text, JSON_OBJECT);
            } catch (Exception e) {
                message = null;
            }
            Object type = message == null ? null : message.get("type");
            if (!(type instanceof String)) {
                close((short) 4400, "Invalid message received");
                return;
            }
            switch ((String) type) {
                case "connection_init" -> init(message.get("payload"));
                case "ping" -> send(message.get("payload") == null ? Map.of("type", "pong")
                        : Map.of("type", "pong", "payload", message.get("payload")));
                case "pong" -> {
                }
                case "subscribe" -> subscribe(message);
                case "complete" -> {
                    Operation operation = message.get("id") instanceof String id ? active.remove(id) : null;
                    if (operation != null) {
                        operation.cancel();
                    }
                }
                default -> close((short) 4400, "Invalid message received: unknown type \"" + type + "\"");
            }
        }

        private void init(Object payload) {
            if (initReceived) {
                close((short) 4429, "Too many initialisation requests");
                return;
            }
            initReceived = true;
            vertx.cancelTimer(initTimer);
            authorization = authorizationOf(payload);
            jwtGuard.checkFetchingKeys(authorization).subscribe().with(verdict -> context.runOnContext(v -> {
                if (closed) {
                    return;
                }
                if (verdict.outcome() == JwtGuard.Outcome.INVALID || verdict.outcome() == JwtGuard.Outcome.REVOKED) {
                    close((short) 4403, "Forbidden: " + verdict.reason());
                    return;
                }
                if (verdict.outcome() == JwtGuard.Outcome.VALID) {
                    subject = verdict.subject();
                    byUser.computeIfAbsent(subject, k -> ConcurrentHashMap.newKeySet()).add(this);
                    long millis = Math.max(1, Duration.between(Instant.now(), verdict.expiresAt()).toMillis());
                    expiryTimer = vertx.setTimer(millis, t -> close((short) 4403, "Forbidden: the token has expired"));
                }
                acknowledged = true;
                send(Map.of("type", "connection_ack"));
            }), failure -> context.runOnContext(v -> close((short) 4500, "Internal server error")));
        }

        /** {@code Authorization} (any case) of the payload, a bare token being taken as a Bearer token. */
        private String authorizationOf(Object payload) {
            if (payload instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getKey() instanceof String key && (key.equalsIgnoreCase("authorization")
                            || key.equalsIgnoreCase("token")) && entry.getValue() instanceof String value
                            && !value.isBlank()) {
                        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value : "Bearer " + value;
                    }
                }
            }
            return headerAuthorization;
        }

        private void subscribe(Map<String, Object> message) {
            if (!acknowledged) {
                close((short) 4401, "Unauthorized");
                return;
            }
            if (!(message.get("id") instanceof String id) || id.isEmpty()
                    || !(message.get("payload") instanceof Map<?, ?> payload)) {
                close((short) 4400, "Invalid message received: subscribe needs an id and a payload");
                return;
            }
            if (active.containsKey(id)) {
                close((short) 4409, "Subscriber for " + id + " already exists");
                return;
            }
            Object query = payload.get("query");
            Object variables = payload.get("variables");
            Object operationName = payload.get("operationName");
            if (query != null && !(query instanceof String) || variables != null && !(variables instanceof Map)
                    || operationName != null && !(operationName instanceof String)) {
                close((short) 4400, "Invalid message received: query and operationName must be strings, variables an object");
                return;
            }
            // the token may have expired or been revoked since connection_init
            JwtGuard.Verdict verdict = jwtGuard.check(authorization);
            if (verdict.outcome() == JwtGuard.Outcome.INVALID || verdict.outcome() == JwtGuard.Outcome.REVOKED) {
                close((short) 4403, "Forbidden: " + verdict.reason());
                return;
            }
            PersistedQueries.Lookup persisted = persistedQueries.resolve((String) query, payload.get("extensions"));
            if (persisted.rejection() != null) {
                error(id, persisted.rejection());
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> variableValues = variables == null ? Map.of() : (Map<String, Object>) variables;
            OperationService.Preparation preparation = operations.prepare(
                    new GraphQLRequest(persisted.query(), (String) operationName, variableValues));
            if (preparation.rejection() != null) {
                error(id, preparation.rejection());
                return;
            }
            if (persisted.hashToRegister() != null) {
                persistedQueries.register(persisted.hashToRegister(), persisted.query());
            }
            PreparedOperation prepared = preparation.operation();
            Map<String, String> headers = new LinkedHashMap<>();
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            headers.put("X-Request-Id", UUID.randomUUID().toString());
            Operation operation = new Operation(id, prepared, headers);
            active.put(id, operation);
            if (!prepared.isSubscription()) {
                operation.runOnce();
                return;
            }
            OperationService.Planned planned = operations.plan(prepared);
            if (planned.rejection() != null) {
                active.remove(id);
                error(id, planned.rejection());
                return;
            }
            FetchGroup root = planned.plan().subscriptionRoot();
            if (root == null) { // no subgraph resolves the field (planning errors say why)
                active.remove(id);
                List<Map<String, Object>> errors = planned.plan().errors().stream()
                        .map(e -> Map.<String, Object>of("message", e.message(), "extensions",
                                Map.of("code", "QUERY_PLANNING_FAILED")))
                        .toList();
                error(id, GraphQLResult.errors(GraphQLResult.Kind.OPERATION_ERROR, errors));
                return;
            }
            operation.subscribe(planned.plan(), root);
        }

        private void error(String id, GraphQLResult result) {
            Object errors = ClientErrors.clean(result.body()).get("errors");
            send(Map.of("id", id, "type", "error", "payload", errors == null ? List.of() : errors));
        }

        /** Sends a message, counting it as pending until the client's connection took it. */
        private void send(Map<String, Object> message) {
            if (closed) {
                return;
            }
            String text;
            try {
                text = mapper.writeValueAsString(message);
            } catch (Exception e) {
                LOG.warn("Cannot encode a WebSocket message", e);
                return;
            }
            pending++;
            socket.writeTextMessage(text).onComplete(done -> context.runOnContext(v -> pending--));
        }

        /** One more message is about to be produced for the client: refused (and the client closed) past the limit. */
        private boolean admit() {
            if (pending >= config.subscriptions().maxPendingMessages()) {
                close(SLOW_CLIENT, "Client too slow: more than " + config.subscriptions().maxPendingMessages()
                        + " messages waiting");
                return false;
            }
            return true;
        }

        void close(short code, String reason) {
            if (closed) {
                return;
            }
            closed = true;
            LOG.debugf("Closing GraphQL WebSocket (%d %s)", code, reason);
            socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
            released();
        }

        /** Everything the connection holds is let go: upstream subscriptions, timers, the user index entry. */
        private void released() {
            closed = true;
            vertx.cancelTimer(initTimer);
            vertx.cancelTimer(expiryTimer);
            for (Operation operation : List.copyOf(active.values())) {
                operation.cancel();
            }
            active.clear();
            if (subject != null) {
                byUser.computeIfPresent(subject, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }

        /** One operation of the connection (by the client's id). */
        private final class Operation {
            private final String id;
            private final PreparedOperation prepared;
            private final Map<String, String> headers;
            private SubgraphSubscriptions.Upstream upstream;
            /** Events received from the subgraph, resolved and sent one after the other (in order). */
            private final ArrayDeque<SubgraphResponse> events = new ArrayDeque<>();
            private boolean resolving;
            private boolean upstreamDone;
            private boolean ended;

            Operation(String id, PreparedOperation prepared, Map<String, String> headers) {
                this.id = id;
                this.prepared = prepared;
                this.headers = headers;
            }

            void runOnce() {
                long started = System.nanoTime();
                operations.execute(prepared, headers).subscribe().with(result -> context.runOnContext(v -> {
                    metrics.requestCompleted(prepared.isMutation() ? "mutation" : "query",
                            result.body().get("errors") == null ? "success" : "partial", System.nanoTime() - started);
                    if (ended || closed) {
                        return;
                    }
                    if (result.kind() == GraphQLResult.Kind.EXECUTED) {
                        send(Map.of("id", id, "type", "next", "payload", ClientErrors.clean(result.body())));
                        finish(true);
                    } else {
                        error(id, result);
                        finish(false);
                    }
                }), failure -> context.runOnContext(v -> internalError(failure)));
            }

            void subscribe(QueryPlan plan, FetchGroup root) {
                String url = config.subgraphs().get(root.subgraph()).url();
                Map<String, Object> variables = new LinkedHashMap<>();
                for (String name : root.variableNames()) {
                    if (prepared.variables().containsKey(name)) {
                        variables.put(name, prepared.variables().get(name));
                    }
                }
                upstream = subgraphs.open(url, root.operationText(), variables, headers,
                        new SubgraphSubscriptions.Listener() {
                            @Override
                            public void next(SubgraphResponse event) {
                                context.runOnContext(v -> received(plan, event));
                            }

                            @Override
                            public void errors(List<Map<String, Object>> errors) {
                                context.runOnContext(v -> {
                                    upstreamDone = true;
                                    if (!ended && !closed) {
                                        List<Map<String, Object>> tagged = errors.stream().map(e -> {
                                            Map<String, Object> copy = new LinkedHashMap<>(e);
                                            copy.put("extensions", Map.of("code", code(e), "serviceName", root.subgraph()));
                                            return copy;
                                        }).toList();
                                        error(id, GraphQLResult.errors(GraphQLResult.Kind.EXECUTED, tagged));
                                        finish(false);
                                    }
                                });
                            }

                            @Override
                            public void complete() {
                                context.runOnContext(v -> {
                                    upstreamDone = true;
                                    completeWhenDrained();
                                });
                            }

                            @Override
                            public void failed(String reason) {
                                context.runOnContext(v -> {
                                    upstreamDone = true;
                                    if (!ended && !closed) {
                                        error(id, GraphQLResult.error(GraphQLResult.Kind.EXECUTED,
                                                "Subscription to subgraph \"" + root.subgraph() + "\" ended: " + reason,
                                                Map.of("code", "SUBGRAPH_REQUEST_FAILED", "serviceName", root.subgraph())));
                                        finish(false);
                                    }
                                });
                            }
                        });
            }

            private static Object code(Map<String, Object> error) {
                return error.get("extensions") instanceof Map<?, ?> ext && ext.get("code") != null ? ext.get("code")
                        : "DOWNSTREAM_SERVICE_ERROR";
            }

            private void received(QueryPlan plan, SubgraphResponse event) {
                if (ended || closed) {
                    return;
                }
                // every event the gateway holds for the client counts: resolving ones and unwritten ones alike
                if (!admit()) {
                    return;
                }
                pending++;
                events.add(event);
                if (!resolving) {
                    resolveNext(plan);
                }
            }

            private void resolveNext(QueryPlan plan) {
                SubgraphResponse event = events.poll();
                if (event == null) {
                    resolving = false;
                    completeWhenDrained();
                    return;
                }
                resolving = true;
                JwtGuard.Verdict verdict = jwtGuard.check(authorization);
                if (verdict.outcome() == JwtGuard.Outcome.INVALID || verdict.outcome() == JwtGuard.Outcome.REVOKED) {
                    close((short) 4403, "Forbidden: " + verdict.reason());
                    return;
                }
                operations.executeEvent(prepared, plan, event, headers).subscribe().with(
                        result -> context.runOnContext(v -> {
                            pending--;
                            if (ended || closed) {
                                return;
                            }
                            if (result.kind() == GraphQLResult.Kind.UNAUTHENTICATED) {
                                close((short) 4403, "Forbidden: the token is not accepted (anymore)");
                                return;
                            }
                            send(Map.of("id", id, "type", "next", "payload", ClientErrors.clean(result.body())));
                            resolveNext(plan);
                        }),
                        failure -> context.runOnContext(v -> {
                            pending--;
                            internalError(failure);
                        }));
            }

            private void completeWhenDrained() {
                if (upstreamDone && !resolving && events.isEmpty() && !ended && !closed) {
                    finish(true);
                }
            }

            private void internalError(Throwable failure) {
                LOG.errorf(failure, "GraphQL WebSocket operation %s failed inside the gateway", headers.get("X-Request-Id"));
                if (!ended && !closed) {
                    error(id, GraphQLResult.error(GraphQLResult.Kind.EXECUTED, GraphQLRoutes.INTERNAL_ERROR_MESSAGE,
                            Map.of("code", "INTERNAL_SERVER_ERROR", "requestId", headers.get("X-Request-Id"))));
                    finish(false);
                }
            }

            /** The operation is over: {@code complete} sent when it ended normally (not after an error message). */
            private void finish(boolean sendComplete) {
                ended = true;
                active.remove(id, this);
                if (upstream != null) {
                    upstream.cancel();
                }
                if (sendComplete) {
                    send(Map.of("id", id, "type", "complete"));
                }
            }

            /** The client completed it or the connection closed: the upstream subscription ends, nothing is sent. */
            void cancel() {
                ended = true;
                pending -= events.size();
                events.clear();
                if (upstream != null) {
                    upstream.cancel();
                }
            }
        }
    }
}
