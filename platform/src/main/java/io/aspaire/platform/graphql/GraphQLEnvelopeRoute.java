package io.aspaire.platform.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Checks the envelope of every request to a subgraph's {@code /graphql} before SmallRye GraphQL reads it: a body that
 * is not a JSON object, {@code "variables": "x"}, {@code "operationName": 5}… made SmallRye fail with a
 * ClassCastException (500). Here they get HTTP 400 with {@code {"errors":[{"message", "extensions":{"code":
 * "BAD_REQUEST"}}]}}, the gateway's answer. Requests with {@code Content-Type: application/graphql} (the body is the
 * query) and WebSocket upgrades pass untouched. Only present where SmallRye GraphQL is.
 */
@ApplicationScoped
public class GraphQLEnvelopeRoute {

    /** Before SmallRye GraphQL's WebSocket (-99) and execution routes. */
    static final int ORDER = -100;

    void register(@Observes Router router) {
        if (!graphQLPresent()) {
            return;
        }
        var config = ConfigProvider.getConfig();
        String root = config.getOptionalValue("quarkus.smallrye-graphql.root-path", String.class).orElse("graphql");
        String path = root.startsWith("/") ? root : "/" + root;
        long maxBody = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        router.route(path).order(ORDER).method(HttpMethod.POST)
                .handler(BodyHandler.create(false).setBodyLimit(maxBody))
                .handler(GraphQLEnvelopeRoute::checkPost);
        router.route(path).order(ORDER).method(HttpMethod.GET).handler(GraphQLEnvelopeRoute::checkGet);
    }

    private static void checkPost(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase().startsWith("application/graphql")
                && !contentType.toLowerCase().startsWith("application/graphql-response")) {
            ctx.next();
            return;
        }
        String problem = GraphQLEnvelope.problem(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
        if (problem == null) {
            ctx.next();
        } else {
            refuse(ctx, problem);
        }
    }

    private static void checkGet(RoutingContext ctx) {
        if (ctx.request().headers().contains(HttpHeaders.UPGRADE)) {
            ctx.next();
            return;
        }
        String query = ctx.request().getParam("query");
        if (query == null && ctx.request().getParam("variables") == null) {
            ctx.next(); // not a GraphQL GET (e.g. a browser); SmallRye answers as it does
            return;
        }
        String problem = GraphQLEnvelope.problemInParameters(query, ctx.request().getParam("variables"),
                ctx.request().getParam("extensions"));
        if (problem == null) {
            ctx.next();
        } else {
            refuse(ctx, problem);
        }
    }

    private static void refuse(RoutingContext ctx, String message) {
        ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(GraphQLEnvelope.errorBody(message));
    }

    private static boolean graphQLPresent() {
        try {
            Class.forName("io.smallrye.graphql.execution.ExecutionService", false,
                    Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
