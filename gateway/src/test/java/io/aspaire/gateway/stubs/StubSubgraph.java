package io.aspaire.gateway.stubs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.Value;
import graphql.parser.Parser;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A small federation subgraph for tests, built with graphql-java: the SDL (with federation directives) is served
 * as {@code _service { sdl }}, {@code _entities} calls the registered entity resolvers, and a Vert.x HTTP server
 * answers on a free port. Every request is recorded (query, variables, forwarded headers); {@code GET /_requests},
 * {@code POST /_reset} and {@code POST /_mode} let tests in another class loader observe and steer it over HTTP.
 * <p>
 * Subscriptions: {@code graphql-transport-ws} on {@code /graphql}. An event posted to {@code POST /_emit} (a JSON
 * object: the value of the subscription's root field) is executed against every open subscription's document, as a
 * subgraph resolves the selection of each event, and sent as {@code next}; {@code POST /_complete} completes them
 * from the server side; {@code GET /_subscriptions} lists them (query, upgrade and init-payload authorization,
 * whether still open).
 */
public final class StubSubgraph {

    /**
     * UP answers at once; DOWN 503; SLOW after 3 s (beyond the tests' 1.5 s ai timeout); LAGGING after
     * {@link #LAG_MILLIS} (slow, within every timeout: calls that run in parallel overlap); UNAUTHORIZED 401; CUT runs
     * the operation, then closes the connection without answering (a service killed between its commit and its answer).
     */
    public enum Mode { UP, DOWN, SLOW, LAGGING, UNAUTHORIZED, CUT }

    public static final long LAG_MILLIS = 1_000;

    private static final String FEDERATION_DEFINITIONS = """
            scalar _Any
            scalar _FieldSet
            type _Service { sdl: String! }
            directive @key(fields: _FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
            directive @external on FIELD_DEFINITION | OBJECT
            directive @requires(fields: _FieldSet!) on FIELD_DEFINITION
            directive @provides(fields: _FieldSet!) on FIELD_DEFINITION
            directive @shareable repeatable on OBJECT | FIELD_DEFINITION
            directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
            directive @extends on OBJECT | INTERFACE
            directive @override(from: String!) on FIELD_DEFINITION
            directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | SCALAR
            """;

    private final String name;
    private final String sdl;
    private final java.util.concurrent.atomic.AtomicReference<String> servedSdl;
    private final GraphQL graphQL;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong operationRequests = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean recording = true;
    private volatile Mode mode = Mode.UP;
    private volatile int sdlFailuresLeft;
    private HttpServer server;
    private final List<StubSubscription> subscriptions = new CopyOnWriteArrayList<>();

    /** One subscription a client (the gateway) opened over graphql-ws. */
    private static final class StubSubscription {
        final io.vertx.core.http.ServerWebSocket socket;
        final String id;
        final String query;
        final Map<String, Object> variables;
        final Map<String, Object> record = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean open = true;

        StubSubscription(io.vertx.core.http.ServerWebSocket socket, String id, String query, Map<String, Object> variables) {
            this.socket = socket;
            this.id = id;
            this.query = query;
            this.variables = variables;
        }
    }

    private StubSubgraph(String name, String sdl, java.util.concurrent.atomic.AtomicReference<String> servedSdl,
            GraphQL graphQL) {
        this.name = name;
        this.sdl = sdl;
        this.servedSdl = servedSdl;
        this.graphQL = graphQL;
    }

    public static Builder builder(String name, String sdl) {
        return new Builder(name, sdl);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/graphql";
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** The next {@code count} SDL requests fail with HTTP 503 (a subgraph that is down at start). */
    public void failSdlRequests(int count) {
        this.sdlFailuresLeft = count;
    }

    /**
     * Benchmarks turn recording off: the list of recorded requests grows without bound (and copies itself on every
     * add). Operation requests are still counted ({@link #operationRequests()}).
     */
    public StubSubgraph recording(boolean on) {
        this.recording = on;
        return this;
    }

    /** Operation requests answered so far (SDL fetches excluded), recorded or not. */
    public long operationRequests() {
        return operationRequests.get();
    }

    public List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    /** Forgets operation requests (SDL fetches stay recorded), answers normally and serves the original SDL. */
    public void reset() {
        requests.removeIf(r -> !Boolean.TRUE.equals(r.get("sdl")));
        subscriptions.removeIf(s -> !s.open);
        mode = Mode.UP;
        servedSdl.set(sdl);
    }

    private void webSocket(io.vertx.ext.web.RoutingContext ctx) {
        String upgradeAuthorization = ctx.request().getHeader("Authorization");
        ctx.request().toWebSocket().onSuccess(socket -> {
            Map<String, Object> initPayload = new java.util.concurrent.ConcurrentHashMap<>();
            socket.textMessageHandler(text -> {
                JsonObject message = new JsonObject(text);
                switch (message.getString("type")) {
                    case "connection_init" -> {
                        if (message.getJsonObject("payload") != null) {
                            initPayload.putAll(message.getJsonObject("payload").getMap());
                        }
                        socket.writeTextMessage("{\"type\":\"connection_ack\"}");
                    }
                    case "subscribe" -> {
                        JsonObject payload = message.getJsonObject("payload");
                        JsonObject variables = payload.getJsonObject("variables");
                        StubSubscription subscription = new StubSubscription(socket, message.getString("id"),
                                payload.getString("query"), variables == null ? Map.of() : toJava(variables.getMap()));
                        subscription.record.put("query", subscription.query);
                        subscription.record.put("variables", subscription.variables);
                        subscription.record.put("authorization", String.valueOf(upgradeAuthorization));
                        subscription.record.put("initAuthorization", String.valueOf(initPayload.get("Authorization")));
                        subscription.record.put("open", true);
                        subscriptions.add(subscription);
                    }
                    case "complete" -> subscriptions.stream().filter(s -> s.socket == socket
                            && s.id.equals(message.getString("id"))).forEach(StubSubgraph::closed);
                    case "ping" -> socket.writeTextMessage("{\"type\":\"pong\"}");
                    default -> {
                    }
                }
            });
            socket.closeHandler(v -> subscriptions.stream().filter(s -> s.socket == socket).forEach(StubSubgraph::closed));
        });
    }

    private static void closed(StubSubscription subscription) {
        subscription.open = false;
        subscription.record.put("open", false);
    }

    /** Executes the subscription's document over {@code event} (the root field's value) and sends it as {@code next}. */
    private void emit(Map<String, Object> event) {
        for (StubSubscription subscription : subscriptions) {
            if (!subscription.open) {
                continue;
            }
            graphql.language.OperationDefinition operation = Parser.parse(subscription.query)
                    .getDefinitionsOfType(graphql.language.OperationDefinition.class).get(0);
            graphql.language.Field root = (graphql.language.Field) operation.getSelectionSet().getSelections().get(0);
            ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput().query(subscription.query)
                    .variables(subscription.variables).root(Map.of(root.getName(), event)).build());
            subscription.socket.writeTextMessage(new JsonObject().put("id", subscription.id).put("type", "next")
                    .put("payload", result.toSpecification()).encode());
        }
    }

    /** Starts the HTTP server on a free port and waits until it listens. */
    public StubSubgraph start(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/graphql").handler(this::webSocket);
        router.post("/_emit").handler(BodyHandler.create());
        router.post("/_emit").handler(ctx -> {
            emit(toJava(ctx.body().asJsonObject().getMap()));
            ctx.response().end("ok");
        });
        router.post("/_complete").handler(ctx -> {
            for (StubSubscription subscription : subscriptions) {
                if (subscription.open) {
                    subscription.socket.writeTextMessage(new JsonObject().put("id", subscription.id)
                            .put("type", "complete").encode());
                    closed(subscription);
                }
            }
            ctx.response().end("ok");
        });
        router.get("/_subscriptions").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(Json.encode(subscriptions.stream().map(s -> s.record).toList())));
        router.post("/graphql").handler(BodyHandler.create());
        router.post("/graphql").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            String query = body.getString("query");
            boolean sdlRequest = query != null && query.contains("_service");
            if (!sdlRequest) {
                operationRequests.incrementAndGet();
            }
            if (recording || sdlRequest) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("query", query);
                record.put("variables", body.getJsonObject("variables") == null ? Map.of()
                        : body.getJsonObject("variables").getMap());
                record.put("authorization", ctx.request().getHeader("Authorization"));
                record.put("requestId", ctx.request().getHeader("X-Request-Id"));
                record.put("sdl", sdlRequest);
                record.put("receivedAtMillis", System.nanoTime() / 1_000_000);
                requests.add(record);
            }
            if (sdlRequest && sdlFailuresLeft > 0) {
                sdlFailuresLeft--;
                ctx.response().setStatusCode(503).end("starting");
                return;
            }
            if (mode == Mode.UNAUTHORIZED && !sdlRequest) {
                ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .end("{\"errors\":[{\"message\":\"Unauthorized\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
                return;
            }
            if (mode == Mode.DOWN && !sdlRequest) {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain").end("service unavailable");
                return;
            }
            Map<String, Object> variables = body.getJsonObject("variables") == null ? Map.of()
                    : body.getJsonObject("variables").getMap();
            ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput().query(query)
                    .operationName(body.getString("operationName")).variables(toJava(variables)).build());
            String json = Json.encode(result.toSpecification());
            if (mode == Mode.CUT && !sdlRequest) {
                ctx.request().connection().close();
                return;
            }
            if ((mode == Mode.SLOW || mode == Mode.LAGGING) && !sdlRequest) {
                vertx.setTimer(mode == Mode.SLOW ? 3_000 : LAG_MILLIS,
                        id -> ctx.response().putHeader("Content-Type", "application/json").end(json));
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(json);
            }
        });
        router.get("/_count").handler(ctx -> ctx.response().end(String.valueOf(operationRequests.get())));
        router.get("/_requests").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(Json.encode(requests)));
        router.post("/_reset").handler(ctx -> {
            reset();
            ctx.response().end("ok");
        });
        router.post("/_sdl").handler(BodyHandler.create());
        router.post("/_sdl").handler(ctx -> {
            servedSdl.set(ctx.body().asString());
            ctx.response().end("ok");
        });
        router.post("/_mode").handler(ctx -> {
            mode = Mode.valueOf(ctx.request().getParam("value"));
            ctx.response().end("ok");
        });
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().addWebSocketSubProtocol("graphql-transport-ws"))
                .requestHandler(router).listen(0, "localhost")
                .onSuccess(started::complete).onFailure(started::completeExceptionally);
        try {
            server = started.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub subgraph " + name + " did not start", e);
        }
        return this;
    }

    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toJava(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, toJavaValue(v)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object toJavaValue(Object value) {
        if (value instanceof JsonObject o) {
            return toJava(o.getMap());
        }
        if (value instanceof io.vertx.core.json.JsonArray a) {
            List<Object> list = new ArrayList<>();
            a.forEach(v -> list.add(toJavaValue(v)));
            return list;
        }
        if (value instanceof Map<?, ?> m) {
            return toJava((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(StubSubgraph::toJavaValue).toList();
        }
        return value;
    }

    /** Builds a stub from an SDL and resolvers; objects are maps carrying {@code __typename}. */
    public static final class Builder {
        private final String name;
        private final String sdl;
        private final Map<String, DataFetcher<?>> fetchers = new HashMap<>();
        private final Map<String, Function<Map<String, Object>, Object>> entityResolvers = new HashMap<>();

        private Builder(String name, String sdl) {
            this.name = name;
            this.sdl = sdl;
        }

        /** A resolver for {@code type.field} (root fields and computed fields; other fields read the map). */
        public Builder field(String type, String field, DataFetcher<?> fetcher) {
            fetchers.put(type + "." + field, fetcher);
            return this;
        }

        /** Resolves a representation ({@code __typename} + key fields [+ required fields]) to an object or null. */
        public Builder entity(String type, Function<Map<String, Object>, Object> resolver) {
            entityResolvers.put(type, resolver);
            return this;
        }

        public StubSubgraph build() {
            Document document = Parser.parse(sdl);
            StringBuilder executable = new StringBuilder(FEDERATION_DEFINITIONS);
            List<String> entities = new ArrayList<>();
            boolean hasQuery = false;
            for (Definition<?> definition : document.getDefinitions()) {
                if (definition instanceof SchemaDefinition) {
                    continue; // @link is only for the gateway
                }
                String printed = graphql.language.AstPrinter.printAst(definition);
                if (definition instanceof ObjectTypeExtensionDefinition) {
                    printed = printed.replaceFirst("^extend\\s+type", "type"); // Federation 1 style extensions
                }
                if (definition instanceof ObjectTypeDefinition object) {
                    hasQuery |= object.getName().equals("Query");
                    if (object.getDirectives().stream().anyMatch(d -> d.getName().equals("key"))) {
                        entities.add(object.getName());
                    }
                }
                executable.append(printed).append('\n');
            }
            if (!entities.isEmpty()) {
                executable.append("union _Entity = ").append(String.join(" | ", entities)).append('\n');
            }
            executable.append(hasQuery ? "extend type Query {" : "type Query {")
                    .append(" _service: _Service!");
            if (!entities.isEmpty()) {
                executable.append(" _entities(representations: [_Any!]!): [_Entity]!");
            }
            executable.append(" }\n");
            TypeDefinitionRegistry registry = new SchemaParser().parse(executable.toString());
            var served = new java.util.concurrent.atomic.AtomicReference<>(sdl);
            fetchers.put("Query._service", env -> Map.of("sdl", served.get()));
            fetchers.put("Query._entities", env -> {
                List<Map<String, Object>> representations = env.getArgument("representations");
                List<Object> result = new ArrayList<>();
                for (Map<String, Object> representation : representations) {
                    var resolver = entityResolvers.get((String) representation.get("__typename"));
                    result.add(resolver == null ? null : resolver.apply(representation));
                }
                return result;
            });
            RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(new Wiring(fetchers)).build();
            // an event is executed like a query over the event (root value), as the subgraph resolves each one
            GraphQL graphQL = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(registry, wiring))
                    .subscriptionExecutionStrategy(new graphql.execution.AsyncExecutionStrategy()).build();
            return new StubSubgraph(name, sdl, served, graphQL);
        }
    }

    private static final class Wiring implements WiringFactory {
        private final Map<String, DataFetcher<?>> fetchers;

        Wiring(Map<String, DataFetcher<?>> fetchers) {
            this.fetchers = fetchers;
        }

        private static final TypeResolver BY_TYPENAME = env -> {
            Map<?, ?> object = (Map<?, ?>) env.getObject();
            return (GraphQLObjectType) env.getSchema().getType((String) object.get("__typename"));
        };

        @Override
        public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
            return BY_TYPENAME;
        }

        @Override
        public boolean providesTypeResolver(UnionWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
            return BY_TYPENAME;
        }

        @Override
        public boolean providesScalar(ScalarWiringEnvironment environment) {
            return environment.getScalarTypeDefinition().getName().startsWith("_");
        }

        @Override
        public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
            return GraphQLScalarType.newScalar().name(environment.getScalarTypeDefinition().getName())
                    .coercing(new Coercing<Object, Object>() {
                        @Override
                        public Object serialize(Object input, GraphQLContext context, java.util.Locale locale) {
                            return input;
                        }

                        @Override
                        public Object parseValue(Object input, GraphQLContext context, java.util.Locale locale) {
                            return input;
                        }

                        @Override
                        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                java.util.Locale locale) {
                            return input;
                        }
                    }).build();
        }

        @Override
        public boolean providesDataFetcher(FieldWiringEnvironment environment) {
            return fetchers.containsKey(environment.getParentType().getName() + "." + environment.getFieldDefinition().getName());
        }

        @Override
        public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
            return fetchers.get(environment.getParentType().getName() + "." + environment.getFieldDefinition().getName());
        }
    }
}
