package io.aspaire.gateway.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.gateway.execution.SubgraphSubscriptions;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server accepts the {@code graphql-transport-ws} WebSocket subprotocol on upgrade (Vert.x answers a
 * subprotocol only when it is listed; graphql-ws clients refuse a connection that does not name it).
 */
@ApplicationScoped
public class WebSocketSubProtocols implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        if (options.getWebSocketSubProtocols() == null
                || !options.getWebSocketSubProtocols().contains(SubgraphSubscriptions.PROTOCOL)) {
            options.addWebSocketSubProtocol(SubgraphSubscriptions.PROTOCOL);
        }
    }
}
