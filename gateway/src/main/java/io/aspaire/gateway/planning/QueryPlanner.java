package io.aspaire.gateway.planning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import graphql.language.AstPrinter;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;

import io.aspaire.gateway.composition.FieldSet;
import io.aspaire.gateway.composition.SubgraphSchema;
import io.aspaire.gateway.composition.Supergraph;

/**
 * Turns a validated, normalized operation into a {@link QueryPlan}.
 * <p>
 * Root fields go to a subgraph that resolves them (queries: one request per subgraph, all in parallel; mutations:
 * consecutive fields of one subgraph share a request, the requests run in order). Walking down the selection, a
 * field the current subgraph cannot resolve for an entity type is fetched from a subgraph that can, through
 * {@code _entities}: the current request additionally selects {@code __typename} and the key fields (and whatever
 * {@code @requires} needs, possibly fetched from yet another subgraph first), and one dependent request per
 * (subgraph, dependencies) batches the entities of every path. {@code @provides} makes external fields local at
 * the positions it covers.
 */
public final class QueryPlanner {

    private static final int MAX_ENTITY_HOPS = 12;

    private final Supergraph supergraph;

    public QueryPlanner(Supergraph supergraph) {
        this.supergraph = supergraph;
    }

    public QueryPlan plan(ExecutableNormalizedOperation operation, OperationDefinition definition) {
        return new Builder(definition).build(operation.getTopLevelFields());
    }

    private final class Builder {
        private final OperationDefinition definition;
        private final boolean mutation;
        private final boolean subscription;
        private final List<FetchGroup> groups = new ArrayList<>();
        private final Map<String, FetchGroup> entityGroups = new HashMap<>();
        private final List<PlanningError> errors = new ArrayList<>();
        private final Deque<Set<FetchGroup>> collectors = new ArrayDeque<>();
        private int stage;

        Builder(OperationDefinition definition) {
            this.definition = definition;
            this.mutation = definition.getOperation() == OperationDefinition.Operation.MUTATION;
            this.subscription = definition.getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
        }

        QueryPlan build(List<ExecutableNormalizedField> topLevel) {
            // a subscription has one root field (validation): its root group is the subgraph subscription, the
            // entity groups below it run once per event
            String rootType = mutation ? "Mutation" : subscription ? "Subscription" : "Query";
            Map<String, FetchGroup> queryRootGroups = new LinkedHashMap<>();
            FetchGroup previousMutationGroup = null;
            stage = mutation ? -1 : 0;
            for (ExecutableNormalizedField field : topLevel) {
                if (field.getFieldName().startsWith("__")) {
                    continue; // introspection and __typename are answered by the gateway itself
                }
                RequestedField requested = RequestedField.of(field);
                List<String> owners = supergraph.resolvers(rootType, requested.name());
                if (owners.isEmpty()) {
                    errors.add(new PlanningError("No subgraph resolves \"" + rootType + "." + requested.name() + "\"",
                            List.<Object>of(requested.responseKey())));
                    continue;
                }
                FetchGroup group;
                if (mutation) {
                    if (previousMutationGroup != null && owners.contains(previousMutationGroup.subgraph())) {
                        group = previousMutationGroup;
                    } else {
                        stage++;
                        group = newGroup(owners.get(0), FetchGroup.Kind.ROOT, Set.of(), stage);
                        previousMutationGroup = group;
                    }
                } else {
                    group = owners.stream().map(queryRootGroups::get).filter(g -> g != null).findFirst()
                            .orElseGet(() -> queryRootGroups.computeIfAbsent(owners.get(0),
                                    s -> newGroup(s, FetchGroup.Kind.ROOT, Set.of(), 0)));
                }
                planObject(group, group.rootSelection(), rootType, List.of(requested), List.of(), FieldSet.EMPTY, 0);
            }
            List<List<FetchGroup>> stages = new ArrayList<>();
            for (FetchGroup group : groups) {
                while (stages.size() <= group.stage()) {
                    stages.add(new ArrayList<>());
                }
                stages.get(group.stage()).add(group);
                finish(group);
            }
            return new QueryPlan(mutation, subscription, stages.stream().map(List::copyOf).toList(), List.copyOf(errors));
        }

        private FetchGroup newGroup(String subgraph, FetchGroup.Kind kind, Set<FetchGroup> dependencies, int groupStage) {
            FetchGroup group = new FetchGroup(groups.size(), subgraph, kind, mutation && kind == FetchGroup.Kind.ROOT,
                    groupStage, dependencies);
            groups.add(group);
            return group;
        }

        /** The entity request to {@code subgraph} that runs after exactly {@code dependencies}; shared when possible. */
        private FetchGroup entityGroup(String subgraph, Set<FetchGroup> dependencies) {
            String key = subgraph + "|" + dependencies.stream().map(g -> String.valueOf(g.id())).sorted()
                    .collect(Collectors.joining(","));
            FetchGroup group = entityGroups.get(key);
            if (group == null) {
                int groupStage = dependencies.stream().mapToInt(FetchGroup::stage).max().orElse(0);
                group = newGroup(subgraph, FetchGroup.Kind.ENTITY, dependencies, groupStage);
                entityGroups.put(key, group);
            }
            for (Set<FetchGroup> collector : collectors) {
                collector.add(group);
            }
            return group;
        }

        /** A position whose static type may be abstract: split by the runtime types the subgraph can return. */
        private void planPosition(FetchGroup group, SelectionSet selection, String staticType,
                List<RequestedField> fields, List<String> path, FieldSet provided, int hops) {
            if (supergraph.isObjectType(staticType)) {
                planObject(group, selection, staticType, fields, path, provided, hops);
                return;
            }
            selection.addTypename(); // result shaping resolves abstract types from __typename
            SubgraphSchema subgraph = supergraph.subgraph(group.subgraph());
            for (String objectType : subgraph.possibleTypes(staticType)) {
                List<RequestedField> forType = fields.stream()
                        .filter(f -> f.appliesTo(objectType) && !f.name().equals("__typename")).toList();
                if (!forType.isEmpty()) {
                    planObject(group, selection.inlineFragment(objectType), objectType, forType, path, provided, hops);
                }
            }
        }

        /** Fields of one object type: local ones go into {@code selection}, the others become entity fetches. */
        private void planObject(FetchGroup group, SelectionSet selection, String objectType,
                List<RequestedField> fields, List<String> path, FieldSet provided, int hops) {
            for (RequestedField field : fields) {
                if (field.name().equals("__typename")) {
                    continue; // answered by result shaping
                }
                if (isLocal(group.subgraph(), objectType, field.name(), provided)) {
                    addLocal(group, selection, objectType, field, path, provided, hops);
                } else {
                    planRemote(group, selection, objectType, field, path, provided, hops);
                }
            }
        }

        /**
         * Whether the current request can select the field: the subgraph resolves it (or {@code @provides} it here),
         * and whatever it {@code @requires} is available here too — otherwise it needs an entity fetch, possibly
         * from the same subgraph once the required fields are known.
         */
        private boolean isLocal(String subgraphName, String objectType, String fieldName, FieldSet provided) {
            SubgraphSchema subgraph = supergraph.subgraph(subgraphName);
            if (provided.get(fieldName) != null && subgraph.field(objectType, fieldName) != null) {
                return true;
            }
            if (!subgraph.resolves(objectType, fieldName)) {
                return false;
            }
            FieldSet requires = subgraph.field(objectType, fieldName).requires();
            return requires == null || locallyAvailable(subgraphName, objectType, requires, provided);
        }

        private SelectionSet.FieldSelection addLocal(FetchGroup group, SelectionSet selection, String objectType,
                RequestedField field, List<String> path, FieldSet provided, int hops) {
            SelectionSet.FieldSelection selected = selection.field(field.alias(), field.name(), field.arguments());
            if (selected == null) {
                errors.add(new PlanningError("Conflicting selections for response key \"" + field.responseKey() + "\"",
                        errorPath(path, field.responseKey())));
                return null;
            }
            group.resolves(objectType + "." + field.name());
            if (!field.children().isEmpty()) {
                SubgraphSchema subgraph = supergraph.subgraph(group.subgraph());
                SubgraphSchema.Field declared = subgraph.field(objectType, field.name());
                String childType = declared != null ? declared.typeName() : supergraph.fieldTypeName(objectType, field.name());
                FieldSet childProvided = FieldSet.EMPTY;
                FieldSet.Entry providedEntry = provided.get(field.name());
                if (providedEntry != null) {
                    childProvided = providedEntry.children();
                }
                if (declared != null && declared.provides() != null) {
                    childProvided = childProvided.merge(declared.provides());
                }
                planPosition(group, selected.children(), childType, field.children(), append(path, field.responseKey()),
                        childProvided, hops);
            }
            return selected;
        }

        /**
         * {@code field} of {@code objectType} is not resolvable where we are: fetch it through {@code _entities} from a
         * subgraph that resolves it, preferring one whose key the current subgraph can provide directly.
         * Returns the entity group, or {@code null} (with a planning error) when no route exists.
         */
        private FetchGroup planRemote(FetchGroup group, SelectionSet selection, String objectType, RequestedField field,
                List<String> path, FieldSet provided, int hops) {
            List<Object> errorPath = errorPath(path, field.responseKey());
            if (hops > MAX_ENTITY_HOPS) {
                errors.add(new PlanningError("Cannot plan \"" + objectType + "." + field.name()
                        + "\": too many entity hops", errorPath));
                return null;
            }
            String target = null;
            SubgraphSchema.Key targetKey = null;
            int bestCost = Integer.MAX_VALUE;
            List<String> resolvers = supergraph.resolvers(objectType, field.name());
            for (String candidate : resolvers) {
                // the current subgraph is a candidate too: a field of its own whose @requires is not local
                for (SubgraphSchema.Key key : supergraph.subgraph(candidate).resolvableKeys(objectType)) {
                    int cost = locallyAvailable(group.subgraph(), objectType, key.fields(), provided) ? 0 : 1;
                    if (cost < bestCost) {
                        bestCost = cost;
                        target = candidate;
                        targetKey = key;
                    }
                }
            }
            if (target == null) {
                String message = resolvers.isEmpty()
                        ? "Cannot plan \"" + objectType + "." + field.name() + "\": no subgraph resolves it"
                        : "Cannot plan \"" + objectType + "." + field.name() + "\": it is resolved by " + resolvers
                                + ", but \"" + objectType + "\" objects coming from subgraph \"" + group.subgraph()
                                + "\" have no @key those subgraphs can resolve";
                errors.add(new PlanningError(message, errorPath));
                return null;
            }
            Set<FetchGroup> dependencies = new LinkedHashSet<>();
            dependencies.add(group);
            selection.addTypename();
            RepresentationShape shape = new RepresentationShape();
            boolean complete = planRequired(group, selection, objectType, targetKey.fields(), path, provided,
                    dependencies, shape, hops);
            FieldSet requires = supergraph.subgraph(target).field(objectType, field.name()).requires();
            if (requires != null) {
                complete &= planRequired(group, selection, objectType, requires, path, provided, dependencies, shape, hops);
            }
            if (!complete) {
                return null;
            }
            FetchGroup entityGroup = entityGroup(target, dependencies);
            EntityFetch fetch = entityGroup.entityFetch(path);
            fetch.addShape(objectType, shape);
            addLocal(entityGroup, fetch.selection(objectType), objectType, field, path, FieldSet.EMPTY, hops + 1);
            return entityGroup;
        }

        private boolean locallyAvailable(String subgraph, String objectType, FieldSet fields, FieldSet provided) {
            for (FieldSet.Entry entry : fields.entries()) {
                if (!isLocal(subgraph, objectType, entry.name(), provided)) {
                    return false;
                }
                if (!entry.isLeaf()) {
                    String childType = supergraph.fieldTypeName(objectType, entry.name());
                    FieldSet.Entry providedEntry = provided.get(entry.name());
                    if (!locallyAvailable(subgraph, childType, entry.children(),
                            providedEntry == null ? FieldSet.EMPTY : providedEntry.children())) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Makes sure the fields of a key or {@code @requires} are in the response at {@code path} before the entity
         * fetch runs: selected in the current request when local, otherwise fetched by other entity requests which
         * become {@code dependencies}. Records under which response keys they will be found in {@code shape}.
         */
        private boolean planRequired(FetchGroup group, SelectionSet selection, String objectType, FieldSet fields,
                List<String> path, FieldSet provided, Set<FetchGroup> dependencies, RepresentationShape shape,
                int hops) {
            for (FieldSet.Entry entry : fields.entries()) {
                if (isLocal(group.subgraph(), objectType, entry.name(), provided)) {
                    SelectionSet.FieldSelection selected = selection.internalField(entry.name());
                    group.resolves(objectType + "." + entry.name());
                    RepresentationShape child = shape.field(entry.name(), selected.responseKey());
                    if (!entry.isLeaf()) {
                        String childType = supergraph.fieldTypeName(objectType, entry.name());
                        FieldSet.Entry providedEntry = provided.get(entry.name());
                        if (!planRequired(group, selected.children(), childType, entry.children(),
                                append(path, selected.responseKey()), providedEntry == null ? FieldSet.EMPTY
                                        : providedEntry.children(), dependencies, child, hops)) {
                            return false;
                        }
                    }
                } else {
                    Set<FetchGroup> collector = new LinkedHashSet<>();
                    collectors.push(collector);
                    FetchGroup other;
                    try {
                        other = planRemote(group, selection, objectType, RequestedField.internal(entry), path, provided,
                                hops + 1);
                    } finally {
                        collectors.pop();
                    }
                    if (other == null) {
                        return false;
                    }
                    dependencies.addAll(collector);
                    addShape(shape, entry);
                }
            }
            return true;
        }

        private void addShape(RepresentationShape shape, FieldSet.Entry entry) {
            RepresentationShape child = shape.field(entry.name(), entry.name());
            for (FieldSet.Entry nested : entry.children().entries()) {
                addShape(child, nested);
            }
        }

        /** Prints the subgraph operation of a group. */
        private void finish(FetchGroup group) {
            Set<String> usedVariables = new LinkedHashSet<>();
            StringBuilder body = new StringBuilder();
            List<String> internalVariables = new ArrayList<>();
            if (group.kind() == FetchGroup.Kind.ROOT) {
                group.rootSelection().print(body, usedVariables);
            } else {
                List<EntityFetch> fetches = group.entityFetches();
                body.append('{');
                for (int i = 0; i < fetches.size(); i++) {
                    EntityFetch fetch = fetches.get(i);
                    fetch.alias = fetches.size() == 1 ? "_entities" : "_" + i;
                    fetch.variableName = freeVariableName(fetches.size() == 1 ? "representations" : "representations" + i);
                    internalVariables.add("$" + fetch.variableName + ": [_Any!]!");
                    body.append(' ');
                    if (fetches.size() > 1) {
                        body.append(fetch.alias).append(": ");
                    }
                    body.append("_entities(representations: $").append(fetch.variableName).append(") {");
                    for (var typed : fetch.selections().entrySet()) {
                        body.append(" ... on ").append(typed.getKey()).append(' ');
                        typed.getValue().print(body, usedVariables);
                    }
                    body.append(" }");
                }
                body.append(" }");
            }
            List<String> declarations = new ArrayList<>(internalVariables);
            List<String> forwarded = new ArrayList<>();
            for (VariableDefinition variable : definition.getVariableDefinitions()) {
                if (usedVariables.contains(variable.getName())) {
                    declarations.add("$" + variable.getName() + ": " + AstPrinter.printAst(variable.getType())
                            + (variable.getDefaultValue() == null ? ""
                                    : " = " + AstPrinter.printAstCompact(variable.getDefaultValue())));
                    forwarded.add(variable.getName());
                }
            }
            StringBuilder text = new StringBuilder(group.isMutation() ? "mutation"
                    : subscription && group.kind() == FetchGroup.Kind.ROOT ? "subscription" : "query");
            if (definition.getName() != null) {
                text.append(' ').append(definition.getName()).append("__").append(group.subgraph()).append("__")
                        .append(group.id());
            }
            if (!declarations.isEmpty()) {
                text.append('(').append(String.join(", ", declarations)).append(')');
            }
            text.append(' ').append(body);
            group.operationText = text.toString();
            group.variableNames = List.copyOf(forwarded);
        }

        private String freeVariableName(String preferred) {
            String name = preferred;
            while (true) {
                String candidate = name;
                if (definition.getVariableDefinitions().stream().noneMatch(v -> v.getName().equals(candidate))) {
                    return name;
                }
                name = "_" + name;
            }
        }
    }

    private static List<String> append(List<String> path, String key) {
        List<String> result = new ArrayList<>(path);
        result.add(key);
        return result;
    }

    private static List<Object> errorPath(List<String> path, String key) {
        return new ArrayList<>(append(path, key));
    }
}
