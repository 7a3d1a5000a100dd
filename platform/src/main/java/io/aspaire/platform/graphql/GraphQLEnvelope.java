package io.aspaire.platform.graphql;

import java.io.IOException;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The shape of a GraphQL request (GraphQL over HTTP): a JSON object whose {@code query} is a non-empty string and
 * whose {@code operationName}, {@code variables} and {@code extensions}, when present and not null, are a string, an
 * object and an object. {@link #problem} says what is wrong with the same wording as the gateway, so a client gets the
 * same 400 from the gateway and from any subgraph.
 */
public final class GraphQLEnvelope {

    /** SmallRye GraphQL accepts raw tabs and line breaks inside JSON strings (Java text blocks): so do we. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private GraphQLEnvelope() {
    }

    /** What is wrong with a POST body sent as JSON, or null when it is a well-formed request. */
    public static String problem(byte[] body) {
        if (body == null || body.length == 0) {
            return "The request body is not a JSON object.";
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return "The request body is not a JSON object.";
        }
        if (request == null || !request.isObject()) {
            return "The request body is not a JSON object.";
        }
        return problem(request.get("query"), request.get("operationName"), request.get("variables"),
                request.get("extensions"));
    }

    /** What is wrong with the parameters of a GET request, or null. */
    public static String problemInParameters(String query, String variables, String extensions) {
        if (query == null || query.isBlank()) {
            return missingQuery();
        }
        if (!isObjectOrAbsent(variables)) {
            return "The \"variables\" parameter is not a JSON object.";
        }
        if (!isObjectOrAbsent(extensions)) {
            return "The \"extensions\" parameter is not a JSON object.";
        }
        return null;
    }

    private static String problem(JsonNode query, JsonNode operationName, JsonNode variables, JsonNode extensions) {
        if (query != null && !query.isNull() && !query.isTextual()) {
            return "\"query\" must be a string.";
        }
        if (operationName != null && !operationName.isNull() && !operationName.isTextual()) {
            return "\"operationName\" must be a string.";
        }
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            return "\"variables\" must be a JSON object.";
        }
        if (extensions != null && !extensions.isNull() && !extensions.isObject()) {
            return "\"extensions\" must be a JSON object.";
        }
        if (query == null || query.isNull() || query.asText().isBlank()) {
            return missingQuery();
        }
        return null;
    }

    private static String missingQuery() {
        return "The request has no query (send {\"query\": \"...\"})";
    }

    private static boolean isObjectOrAbsent(String json) {
        if (json == null || json.isBlank()) {
            return true;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The body of a 400: {"errors":[{"message": ..., "extensions": {"code": "BAD_REQUEST"}}]}. */
    public static String errorBody(String message) {
        return JSON.createObjectNode().set("errors", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("message", message)
                .set("extensions", JSON.createObjectNode().put("code", "BAD_REQUEST")))).toString();
    }
}
