package io.aspaire.jobs.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Lenient reads of source JSON: a missing or mistyped field is "unknown", never an exception. */
public final class Json {

    private Json() {
    }

    /** The body as a JSON object, or a {@link SourceException} naming the source and what was wrong. */
    public static JsonNode object(ObjectMapper mapper, String source, String raw) {
        JsonNode root;
        try {
            root = mapper.readTree(raw == null ? "" : raw);
        } catch (JsonProcessingException e) {
            throw new SourceException(source + " answered with a body that is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SourceException(source + " answered with an unexpected body (no JSON object)");
        }
        return root;
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    public static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = node.get(field);
        if (v != null && v.isArray()) {
            for (JsonNode item : v) {
                if (item.isValueNode() && !item.asText().isBlank()) {
                    out.add(item.asText().trim());
                }
            }
        }
        return out;
    }
}
