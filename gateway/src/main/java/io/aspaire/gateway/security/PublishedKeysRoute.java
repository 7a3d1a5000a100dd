package io.aspaire.gateway.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Before {@code /graphql} is handled (and its body read), makes sure the key set can check the request's token
 * ({@link PublishedKeys#fetchFor}): usually at once; after a non-blocking fetch of the key set when it has expired or
 * the token names a key it does not know yet (the first token after a rotation). The request waits, paused, on
 * its own event loop; {@link JwtGuard} then checks the token synchronously against the keys in hand.
 */
@ApplicationScoped
public class PublishedKeysRoute {

    /** Before the gateway's own /graphql routes (registered in order from 0). */
    static final int ORDER = -10;

    private final PublishedKeys keys;

    public PublishedKeysRoute(PublishedKeys keys) {
        this.keys = keys;
    }

    void register(@Observes Router router) {
        if (keys.enabled()) {
            router.route("/graphql").order(ORDER).handler(this::awaitKeys);
        }
    }

    private void awaitKeys(RoutingContext ctx) {
        String token = JwtGuard.bearerToken(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            ctx.next();
            return;
        }
        Optional<Uni<Void>> fetch = keys.fetchFor(JwtGuard.keyId(token));
        if (fetch.isEmpty()) {
            ctx.next(); // the usual case: no pause, no extra hop
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        ctx.request().pause();
        fetch.get().subscribe().with(
                fetched -> context.runOnContext(v -> {
                    ctx.request().resume();
                    ctx.next();
                }),
                failure -> context.runOnContext(v -> {
                    ctx.request().resume();
                    ctx.next();
                }));
    }
}
