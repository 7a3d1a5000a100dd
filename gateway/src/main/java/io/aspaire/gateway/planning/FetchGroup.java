package io.aspaire.gateway.planning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One request to one subgraph. Root groups select root fields; entity groups run after the groups they depend on
 * and carry one or more {@code _entities} calls, each batching every (de-duplicated) representation found at its
 * path.
 */
public final class FetchGroup {

    public enum Kind { ROOT, ENTITY }

    private final int id;
    private final String subgraph;
    private final Kind kind;
    private final boolean mutation;
    private final int stage;
    private final Set<FetchGroup> dependencies;
    private final SelectionSet rootSelection = new SelectionSet();
    private final LinkedHashMap<List<String>, EntityFetch> entityFetches = new LinkedHashMap<>();
    private final LinkedHashSet<String> resolvedFields = new LinkedHashSet<>();
    String operationText;
    List<String> variableNames = List.of();

    FetchGroup(int id, String subgraph, Kind kind, boolean mutation, int stage, Set<FetchGroup> dependencies) {
        this.id = id;
        this.subgraph = subgraph;
        this.kind = kind;
        this.mutation = mutation;
        this.stage = stage;
        this.dependencies = Collections.unmodifiableSet(new LinkedHashSet<>(dependencies));
    }

    public int id() {
        return id;
    }

    public String subgraph() {
        return subgraph;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isMutation() {
        return mutation;
    }

    /** Mutation root fields run one stage after another; a query has a single stage. */
    public int stage() {
        return stage;
    }

    public Set<FetchGroup> dependencies() {
        return dependencies;
    }

    SelectionSet rootSelection() {
        return rootSelection;
    }

    EntityFetch entityFetch(List<String> path) {
        return entityFetches.computeIfAbsent(List.copyOf(path), EntityFetch::new);
    }

    public List<EntityFetch> entityFetches() {
        return List.copyOf(entityFetches.values());
    }

    void resolves(String coordinate) {
        resolvedFields.add(coordinate);
    }

    /** Field coordinates (Type.field) this request resolves, for error messages. */
    public Set<String> resolvedFields() {
        return Collections.unmodifiableSet(resolvedFields);
    }

    /** The GraphQL operation sent to the subgraph. */
    public String operationText() {
        return operationText;
    }

    /** Client variables the operation forwards. */
    public List<String> variableNames() {
        return variableNames;
    }

    @Override
    public String toString() {
        return "Fetch#" + id + "(" + subgraph + ")";
    }
}
