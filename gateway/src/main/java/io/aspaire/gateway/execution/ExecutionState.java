package io.aspaire.gateway.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response being assembled while a plan runs: the merged {@code data} tree (subgraph answers are merged into
 * it in place, so entity results land in the very objects their representations came from) and the errors.
 * <p>
 * Fetch callbacks run on the request's Vert.x event loop; the methods are synchronized anyway so that a
 * callback on another thread can never corrupt the tree.
 */
public final class ExecutionState {

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final List<Map<String, Object>> errors = new ArrayList<>();
    private boolean unauthorized;

    public synchronized Map<String, Object> data() {
        return data;
    }

    public synchronized List<Map<String, Object>> errors() {
        return List.copyOf(errors);
    }

    /** A subgraph refused the client's token (HTTP 401): the client gets a 401, not partial data. */
    public synchronized boolean unauthorized() {
        return unauthorized;
    }

    synchronized void markUnauthorized() {
        unauthorized = true;
    }

    synchronized void addError(Map<String, Object> error) {
        errors.add(error);
    }

    synchronized void mergeRoot(Map<String, Object> subgraphData) {
        if (subgraphData != null) {
            merge(data, subgraphData);
        }
    }

    synchronized void mergeEntity(Map<String, Object> target, Map<String, Object> entity) {
        merge(target, entity);
    }

    /** Deep merge: objects field by field, lists element by element; a null never overwrites a value. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> source) {
        for (var entry : source.entrySet()) {
            Object existing = target.get(entry.getKey());
            Object incoming = entry.getValue();
            if (existing instanceof Map<?, ?> existingMap && incoming instanceof Map<?, ?> incomingMap) {
                merge((Map<String, Object>) existingMap, (Map<String, Object>) incomingMap);
            } else if (existing instanceof List<?> existingList && incoming instanceof List<?> incomingList
                    && existingList.size() == incomingList.size()) {
                mergeLists((List<Object>) existingList, (List<Object>) incomingList);
            } else if (existing == null || incoming != null) {
                target.put(entry.getKey(), incoming);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeLists(List<Object> target, List<Object> source) {
        for (int i = 0; i < target.size(); i++) {
            Object existing = target.get(i);
            Object incoming = source.get(i);
            if (existing instanceof Map<?, ?> e && incoming instanceof Map<?, ?> s) {
                merge((Map<String, Object>) e, (Map<String, Object>) s);
            } else if (existing instanceof List<?> e && incoming instanceof List<?> s && e.size() == s.size()) {
                mergeLists((List<Object>) e, (List<Object>) s);
            } else if (existing == null) {
                target.set(i, incoming);
            }
        }
    }
}
