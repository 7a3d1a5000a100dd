package io.aspaire.platform.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The suite's JSON error body ({@link ErrorBody}) for two answers the HTTP layer gives before any resource runs,
 * which otherwise have an empty body:
 * <ul>
 * <li>413 for a body over {@code quarkus.http.limits.max-body-size}, when the request declares its
 * {@code Content-Length} (nearly every client; a chunked body over the limit still gets the HTTP layer's bare 413
 * when the limit is crossed);</li>
 * <li>401 for a token that cannot be verified (bad signature, expired, malformed), with
 * {@code WWW-Authenticate: Bearer}; and 401 for a missing token on a route that requires one.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpErrorBodies {

    /** Just before the HTTP layer's own upload limit (order -2). */
    static final int ORDER = -3;
    private static final ObjectMapper JSON = new ObjectMapper();

    void register(@Observes Router router) {
        long maxBody = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size",
                MemorySize.class).map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        router.route().order(ORDER).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, maxBody)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                end(ctx, 413, ErrorBody.of("PAYLOAD_TOO_LARGE", "the request body is " + length.trim()
                        + " bytes; this service accepts at most " + maxBody + " bytes"));
                return;
            }
            ctx.next();
        });
        router.route().failureHandler(ctx -> {
            if (ctx.failure() instanceof AuthenticationFailedException && !ctx.response().headWritten()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                end(ctx, 401, ErrorBody.of("UNAUTHENTICATED",
                        "the access token is invalid or expired: sign in again"));
            } else {
                ctx.next();
            }
        });
    }

    /** No token where one is required (e.g. {@code @Authenticated}); Quarkus' own answer has no body. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(ErrorBody.of("UNAUTHENTICATED", "sign in first: this needs a Bearer access token")).build();
    }

    private static boolean isOver(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }

    private static void end(RoutingContext ctx, int status, ErrorBody body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(status).end();
        }
    }
}
