package io.aspaire.ai.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON a model was asked for, tolerating what models add around it (code fences, a sentence before).
 * Returns null when there is no JSON object at all; callers then fall back to plain text.
 */
@ApplicationScoped
public class ModelJson {

    private final ObjectMapper mapper;

    public ModelJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode object(String answer) {
        if (answer == null) {
            return null;
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(answer.substring(start, end + 1));
            return node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    public java.util.List<String> strings(JsonNode node, String field, int max) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (node != null && node.path(field).isArray()) {
            for (JsonNode item : node.path(field)) {
                String text = item.asText("").trim();
                if (!text.isEmpty() && out.size() < max && !out.contains(text)) {
                    out.add(text);
                }
            }
        }
        return out;
    }
}
