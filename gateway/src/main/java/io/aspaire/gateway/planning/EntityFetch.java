package io.aspaire.gateway.planning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code _entities} call inside a {@link FetchGroup}: the entities found at {@link #path()} in the response
 * built so far (lists flattened), filtered by {@code __typename}, turned into representations and resolved with
 * the per-type selection.
 */
public final class EntityFetch {

    private final List<String> path;
    private final LinkedHashMap<String, SelectionSet> selections = new LinkedHashMap<>();
    private final LinkedHashMap<String, RepresentationShape> shapes = new LinkedHashMap<>();
    String alias;
    String variableName;

    EntityFetch(List<String> path) {
        this.path = List.copyOf(path);
    }

    /** Response keys from the root of the response to the entities (list levels are implicit). */
    public List<String> path() {
        return path;
    }

    SelectionSet selection(String typeName) {
        return selections.computeIfAbsent(typeName, t -> new SelectionSet());
    }

    void addShape(String typeName, RepresentationShape shape) {
        shapes.computeIfAbsent(typeName, t -> new RepresentationShape()).merge(shape);
    }

    /** Representation shape by entity type name; only objects of these types are sent. */
    public Map<String, RepresentationShape> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    Map<String, SelectionSet> selections() {
        return selections;
    }

    /** Field name (or alias) of this {@code _entities} call in the subgraph response. */
    public String alias() {
        return alias;
    }

    /** Name of the GraphQL variable carrying this call's representations. */
    public String variableName() {
        return variableName;
    }
}
