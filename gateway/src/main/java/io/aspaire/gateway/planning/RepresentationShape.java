package io.aspaire.gateway.planning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields go into an entity representation ({@code _Any}) and under which response key the planner fetched
 * them: the key fields of the chosen {@code @key}, plus the fields of {@code @requires}.
 */
public final class RepresentationShape {

    private record Entry(String responseKey, RepresentationShape children) {
    }

    private final LinkedHashMap<String, Entry> fields = new LinkedHashMap<>();

    RepresentationShape field(String fieldName, String responseKey) {
        return fields.computeIfAbsent(fieldName, n -> new Entry(responseKey, new RepresentationShape())).children();
    }

    void merge(RepresentationShape other) {
        other.fields.forEach((name, entry) -> field(name, entry.responseKey()).merge(entry.children()));
    }

    /**
     * Builds the representation of {@code object} (whose {@code __typename} is {@code typename}), or returns
     * {@code null} when a field is missing — e.g. because the fetch that should have provided it failed.
     */
    public Map<String, Object> build(String typename, Map<?, ?> object) {
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("__typename", typename);
        return fill(object, representation) ? representation : null;
    }

    private boolean fill(Map<?, ?> object, Map<String, Object> target) {
        for (var e : fields.entrySet()) {
            if (!object.containsKey(e.getValue().responseKey())) {
                return false;
            }
            Object value = object.get(e.getValue().responseKey());
            if (e.getValue().children().fields.isEmpty() || value == null) {
                target.put(e.getKey(), value);
            } else {
                Object nested = copy(value, e.getValue().children());
                if (nested == MISSING) {
                    return false;
                }
                target.put(e.getKey(), nested);
            }
        }
        return true;
    }

    private static final Object MISSING = new Object();

    private static Object copy(Object value, RepresentationShape shape) {
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object item : list) {
                Object copied = item == null ? null : copy(item, shape);
                if (copied == MISSING) {
                    return MISSING;
                }
                result.add(copied);
            }
            return result;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            return shape.fill(map, result) ? result : MISSING;
        }
        return MISSING;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((name, entry) -> {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(name);
            if (!entry.children().fields.isEmpty()) {
                sb.append(" { ").append(entry.children()).append(" }");
            }
        });
        return sb.toString();
    }
}
