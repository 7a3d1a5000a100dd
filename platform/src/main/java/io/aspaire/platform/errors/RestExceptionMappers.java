package io.aspaire.platform.errors;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.aspaire.platform.input.TextRule;
import io.aspaire.platform.rest.TextInputModule;

/**
 * One error shape for every service's REST API. Bad input never becomes a 500 or a stack trace: validation, unreadable
 * JSON and {@link ApiException}s map to 4xx with {@link ErrorBody}; only genuine faults are 500, without details.
 */
public class RestExceptionMappers {

    private static final Logger LOG = Logger.getLogger(RestExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e instanceof RetryAfter retry && retry.retryAfter() != null) {
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", RetryAfter.seconds(retry.retryAfter()))
                    .entity(ErrorBody.of(e.code(), e.getMessage())).build();
        }
        return json(e.status(), ErrorBody.of(e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<ErrorBody.FieldError> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new ErrorBody.FieldError(field(v), v.getMessage()))
                .toList();
        String message = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid input");
        return json(400, new ErrorBody("BAD_REQUEST", message, errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return json(400, ErrorBody.of("BAD_REQUEST", describe(e)));
    }

    /* The same answer for the more specific Jackson exceptions, which Quarkus would otherwise map itself. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonMappingException e) {
        return unreadableJson((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(MismatchedInputException e) {
        return unreadableJson((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e) {
        return unreadableJson((JsonProcessingException) e);
    }

    /**
     * A client message for an unreadable body that names the field and never a Java type: Jackson's own messages say
     * "Cannot deserialize value of type `io.aspaire...`".
     */
    static String describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        if (e instanceof TextInputModule.ControlCharactersException) {
            return TextRule.message(field.isEmpty() ? "a text value" : field);
        }
        if (!field.isEmpty()) {
            return field + ": invalid value (wrong type or format)";
        }
        if (e instanceof JsonParseException) {
            String reason = e.getOriginalMessage();
            return reason == null || InternalNames.leaks(reason) ? "malformed JSON" : "malformed JSON: " + reason;
        }
        return "the request body does not have the expected shape (a JSON object with the documented fields)";
    }

    /** "jobTitles[2]", "salary.min": Jackson's reference path as a client writes it. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * Whatever no other mapper takes. A store that is down or restarting (refused or dropped connections, an
     * operator shutdown, a deadlock: {@link io.aspaire.platform.inbox.TransientFailures}, whichever driver threw it)
     * is 503 {@code UNAVAILABLE} with {@code Retry-After}, as GraphQL fetchers answer, so a client can tell "try
     * again" from a fault; anything else is a 500 without details. Not mapped for {@code Throwable} or
     * {@code IOException}: exceptions with a mapper of their own (security's 401/403, user-service's truncated upload
     * as 400) keep it, since the most specific mapper wins.
     */
    @ServerExceptionMapper({ RuntimeException.class, java.net.SocketException.class })
    public Response unexpected(Throwable e) {
        if (io.aspaire.platform.inbox.TransientFailures.isTransient(e)) {
            LOG.warnf("request refused, its database is unreachable: %s", e.toString());
            return api(ServiceUnavailableException.databaseUnreachable());
        }
        LOG.error("request failed", e);
        return json(500, ErrorBody.of("INTERNAL", "internal error"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable); // Quarkus wraps some Jackson failures of a body in a plain 400
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return json(status, ErrorBody.of("INTERNAL", "internal error"));
        }
        String code = switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406, 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "BAD_REQUEST";
        };
        // RESTEasy's own messages can name Java types ("Unable to convert ... java.lang.Integer")
        String message = InternalNames.leaks(e.getMessage()) ? "invalid request" : e.getMessage();
        return json(status, ErrorBody.of(code, message));
    }

    private static String field(ConstraintViolation<?> v) {
        // "register.request.email" -> "email": the method and parameter names mean nothing to a client
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
