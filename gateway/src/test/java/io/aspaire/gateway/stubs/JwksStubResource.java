package io.aspaire.gateway.stubs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The stub subgraphs plus a stand-in for user-service's {@code /.well-known/jwks.json} (one-second max-age), and
 * the gateway pointed at it instead of a PEM key. Tests replace the key set with {@code PUT} on the same URL and
 * read how often the gateway fetched it at {@code GET /fetches}.
 */
public class JwksStubResource extends StubSubgraphsResource {

    public static final String JWKS_URL_PROPERTY = "mp.jwt.verify.publickey.location";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        vertx = Vertx.vertx();
        AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/fetches")) {
                request.response().end(String.valueOf(fetches.get()));
            } else if (request.method().name().equals("PUT")) {
                request.body().onSuccess(body -> {
                    jwks.set(body.toString());
                    request.response().setStatusCode(204).end();
                });
            } else {
                fetches.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "public, max-age=1").end(jwks.get());
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        config.put(JWKS_URL_PROPERTY, "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json");
        return config;
    }

    @Override
    public void stop() {
        super.stop();
        if (vertx != null) {
            vertx.close();
        }
    }
}
