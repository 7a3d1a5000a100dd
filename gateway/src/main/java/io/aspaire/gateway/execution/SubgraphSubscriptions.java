package io.aspaire.gateway.execution;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The gateway's side of a subscription to a subgraph: one WebSocket per client subscription, speaking
 * {@code graphql-transport-ws} (what SmallRye GraphQL serves on {@code /graphql}). The client's token goes on the
 * upgrade request ({@code Authorization}, which the subgraph's JWT check reads) and in {@code connection_init}'s
 * payload. One connection per subscription keeps a subscription's life (its token, its end) its own; a subgraph
 * connection costs a socket and a few kilobytes.
 */
@ApplicationScoped
public class SubgraphSubscriptions {

    private static final Logger LOG = Logger.getLogger(SubgraphSubscriptions.class);
    public static final String PROTOCOL = "graphql-transport-ws";
    private static final String OPERATION_ID = "1";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /** What happens upstream, reported on the event loop of the WebSocket to the subgraph. */
    public interface Listener {
        /** One {@code next} message: the event's data and errors. */
        void next(SubgraphResponse event);

        /** The subgraph refused or ended the subscription with GraphQL errors ({@code error} message). */
        void errors(List<Map<String, Object>> errors);

        /** The subgraph completed the subscription. */
        void complete();

        /** The connection could not be opened or was lost (no {@code complete}). */
        void failed(String reason);
    }

    /** A running upstream subscription. */
    public interface Upstream {
        /** Sends {@code complete} and closes the connection; no listener call follows. */
        void cancel();
    }

    private final WebSocketClient client;
    private final ObjectMapper mapper;

    public SubgraphSubscriptions(Vertx vertx, ObjectMapper mapper, GatewayConfig config) {
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(5_000)
                .setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(1024 * 1024)
                .setMaxConnections(config.subscriptions().maxUpstreamConnections()));
        this.mapper = mapper;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The subgraph's WebSocket address for its GraphQL HTTP address (same host, port and path). */
    static String webSocketUrl(String httpUrl) {
        URI uri = URI.create(httpUrl);
        String scheme = "https".equalsIgnoreCase(uri.getScheme()) ? "wss" : "ws";
        return scheme + httpUrl.substring(uri.getScheme().length());
    }

    public Upstream open(String subgraphUrl, String query, Map<String, Object> variables, Map<String, String> headers,
            Listener listener) {
        Connection connection = new Connection(listener);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(webSocketUrl(subgraphUrl))
                .addSubProtocol(PROTOCOL);
        headers.forEach(options::addHeader);
        client.connect(options).onComplete(opened -> {
            if (opened.failed()) {
                connection.fail("the service is unreachable");
                return;
            }
            connection.opened(opened.result(), query, variables, headers.get("Authorization"));
        });
        return connection;
    }

    private final class Connection implements Upstream {
        private final Listener listener;
        private WebSocket socket;
        private boolean finished;

        Connection(Listener listener) {
            this.listener = listener;
        }

        synchronized void opened(WebSocket socket, String query, Map<String, Object> variables, String authorization) {
            if (finished) { // cancelled while connecting
                socket.close();
                return;
            }
            this.socket = socket;
            if (!PROTOCOL.equals(socket.subProtocol())) {
                fail("the service does not speak " + PROTOCOL);
                return;
            }
            socket.textMessageHandler(text -> received(text, query, variables));
            socket.closeHandler(v -> fail("the service closed the connection"
                    + (socket.closeStatusCode() == null ? "" : " (code " + socket.closeStatusCode() + ")")));
            socket.exceptionHandler(e -> fail("the connection to the service failed"));
            Map<String, Object> payload = new LinkedHashMap<>();
            if (authorization != null) {
                payload.put("Authorization", authorization);
            }
            send(Map.of("type", "connection_init", "payload", payload));
        }

        private void received(String text, String query, Map<String, Object> variables) {
            Map<String, Object> message;
            try {
                message = mapper.readValue(text, JSON_OBJECT);
            } catch (Exception e) {
                fail("the service sent an unreadable message");
                return;
            }
            Object type = message.get("type");
            if ("connection_ack".equals(type)) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("query", query);
                payload.put("variables", variables);
                send(Map.of("id", OPERATION_ID, "type", "subscribe", "payload", payload));
            } else if ("next".equals(type) && message.get("payload") instanceof Map<?, ?> payload) {
                deliver(() -> listener.next(response(payload)));
            } else if ("error".equals(type)) {
                List<Map<String, Object>> errors = errorList(message.get("payload"));
                end(() -> listener.errors(errors));
            } else if ("complete".equals(type)) {
                end(listener::complete);
            } else if ("ping".equals(type)) {
                send(Map.of("type", "pong"));
            }
        }

        @SuppressWarnings("unchecked")
        private SubgraphResponse response(Map<?, ?> payload) {
            Map<String, Object> data = payload.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : null;
            return new SubgraphResponse(data, errorList(payload.get("errors")), false);
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> errorList(Object value) {
            List<Map<String, Object>> errors = new ArrayList<>();
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> map) {
                        errors.add((Map<String, Object>) map);
                    }
                }
            }
            return errors;
        }

        private void deliver(Runnable call) {
            synchronized (this) {
                if (finished) {
                    return;
                }
            }
            call.run();
        }

        private void end(Runnable call) {
            WebSocket toClose;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                toClose = socket;
            }
            if (toClose != null && !toClose.isClosed()) {
                toClose.close((short) 1000);
            }
            call.run();
        }

        void fail(String reason) {
            end(() -> listener.failed(reason));
        }

        @Override
        public void cancel() {
            WebSocket toClose;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                toClose = socket;
            }
            if (toClose != null && !toClose.isClosed()) {
                toClose.writeTextMessage(json(Map.of("id", OPERATION_ID, "type", "complete")))
                        .onComplete(done -> toClose.close((short) 1000));
            }
        }

        private void send(Map<String, Object> message) {
            WebSocket target;
            synchronized (this) {
                target = socket;
            }
            if (target != null && !target.isClosed()) {
                target.writeTextMessage(json(message));
            }
        }

        private String json(Map<String, Object> message) {
            try {
                return mapper.writeValueAsString(message);
            } catch (Exception e) {
                LOG.warn("Cannot encode a graphql-ws message", e);
                return "{}";
            }
        }
    }
}
