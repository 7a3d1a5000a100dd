package io.aspaire.platform.graphql;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    private static final String NOT_AN_OBJECT = "The request body is not a JSON object.";

    private GraphQLEnvelope() {
    }

    /**
     * What is wrong with a POST body sent as JSON, or null when it is a well-formed request. Streams the body's
     * top-level fields and skips the values of {@code variables} and {@code extensions} without building them: SmallRye
     * GraphQL parses the body again, and a tree here was 1.3-2.1 % of each subgraph's CPU samples per request
     * (findings.md, session 8). Same answers as a tree: the last of duplicate fields counts, text after the object is
     * ignored, a nesting deeper than Jackson's limit is not a JSON object.
     */
    public static String problem(byte[] body) {
        if (body == null || body.length == 0) {
            return NOT_AN_OBJECT;
        }
        JsonToken query = null;
        boolean queryBlank = true;
        JsonToken operationName = null;
        JsonToken variables = null;
        JsonToken extensions = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NOT_AN_OBJECT;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "query" -> {
                        query = value;
                        queryBlank = value != JsonToken.VALUE_STRING || isBlank(parser.getTextCharacters(),
                                parser.getTextOffset(), parser.getTextLength());
                    }
                    case "operationName" -> operationName = value;
                    case "variables" -> variables = value;
                    case "extensions" -> extensions = value;
                    default -> {
                    }
                }
                parser.skipChildren();
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                return NOT_AN_OBJECT;
            }
        } catch (IOException | RuntimeException e) {
            return NOT_AN_OBJECT;
        }
        return problem(query, queryBlank, operationName, variables, extensions);
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

    private static String problem(JsonToken query, boolean queryBlank, JsonToken operationName, JsonToken variables,
            JsonToken extensions) {
        if (query != null && query != JsonToken.VALUE_NULL && query != JsonToken.VALUE_STRING) {
            return "\"query\" must be a string.";
        }
        if (operationName != null && operationName != JsonToken.VALUE_NULL && operationName != JsonToken.VALUE_STRING) {
            return "\"operationName\" must be a string.";
        }
        if (variables != null && variables != JsonToken.VALUE_NULL && variables != JsonToken.START_OBJECT) {
            return "\"variables\" must be a JSON object.";
        }
        if (extensions != null && extensions != JsonToken.VALUE_NULL && extensions != JsonToken.START_OBJECT) {
            return "\"extensions\" must be a JSON object.";
        }
        if (queryBlank) {
            return missingQuery();
        }
        return null;
    }

    private static boolean isBlank(char[] text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!Character.isWhitespace(text[i])) {
                return false;
            }
        }
        return true;
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
