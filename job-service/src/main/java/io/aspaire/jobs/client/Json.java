package io.aspaire.jobs.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient reads of source JSON: a missing or mistyped field is "unknown", never an exception. */
final class Json {

    private Json() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    static List<String> strings(JsonNode node, String field) {
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
