package io.aspaire.gateway.execution;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Non-blocking GraphQL-over-HTTP client for subgraphs (Vert.x web client, pooled keep-alive connections). Used for
 * both {@code _service { sdl }} during composition and the fetches of a query plan.
 */
@ApplicationScoped
public class SubgraphClient {

    private static final Logger LOG = Logger.getLogger(SubgraphClient.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final WebClient client;
    private final ObjectMapper mapper;

    public SubgraphClient(Vertx vertx, ObjectMapper mapper) {
        this.mapper = mapper;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setConnectTimeout(5_000)
                .setUserAgent("aspaire-gateway"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * POSTs {@code body} (query, variables, operationName) to {@code url} with {@code headers}; fails with
     * {@link SubgraphRequestException} when there is no GraphQL answer within {@code timeout}.
     */
    public Uni<SubgraphResponse> post(String url, Duration timeout, Map<String, Object> body, Map<String, String> headers) {
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            return Uni.createFrom().failure(new SubgraphRequestException("cannot encode request: " + e.getMessage()));
        }
        HttpRequest<Buffer> request = client.postAbs(url)
                .timeout(timeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json");
        headers.forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(payload))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException())
                .onFailure().transform(SubgraphClient::describe)
                .map(this::toResponse);
    }

    @SuppressWarnings("unchecked")
    private SubgraphResponse toResponse(HttpResponse<Buffer> response) {
        Map<String, Object> json = null;
        try {
            if (response.body() != null && response.body().length() > 0) {
                json = mapper.readValue(response.body().getBytes(), JSON_OBJECT);
            }
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() == 401) { // the token is refused: the client must hear it as a 401 too
            return new SubgraphResponse(null, List.of(), true);
        }
        boolean graphQL = json != null && (json.containsKey("data") || json.containsKey("errors"));
        if (!graphQL) {
            throw new SubgraphRequestException("HTTP " + response.statusCode()
                    + (response.statusMessage() == null ? "" : " " + response.statusMessage())
                    + (json == null ? " (not a GraphQL JSON response)" : " (no data and no errors)"));
        }
        Object data = json.get("data");
        Object errors = json.get("errors");
        return new SubgraphResponse(data instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
                errors instanceof List<?> l ? l.stream().filter(Map.class::isInstance).map(e -> (Map<String, Object>) e).toList()
                        : List.of(), false);
    }

    /** A reason for the client: no exception names, hosts or ports (the cause is logged). */
    private static Throwable describe(Throwable failure) {
        if (failure instanceof SubgraphRequestException) {
            return failure;
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new SubgraphRequestException("timed out", true);
        }
        LOG.debugf(failure, "Subgraph request failed");
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return new SubgraphRequestException("the service is unreachable");
        }
        // connected, then the connection broke: the request may have been received and acted on
        return new SubgraphRequestException("the connection to the service failed", true);
    }
}
