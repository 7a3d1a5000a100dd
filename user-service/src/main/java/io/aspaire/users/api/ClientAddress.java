package io.aspaire.users.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's IP address as the HTTP layer sees it: the connection's peer, or the address a trusted proxy reports
 * when {@code quarkus.http.proxy.proxy-address-forwarding} is configured (Quarkus then rewrites the remote address;
 * forwarding headers from anyone else are ignored).
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        return host == null || host.isEmpty() ? "unknown" : host;
    }
}
