package io.aspaire.gateway.composition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLUnionType;

/**
 * The result of a successful composition: the API schema clients see (validation, introspection, result shaping)
 * and, per subgraph, which types and fields it resolves and through which keys — what the query planner needs.
 */
public final class Supergraph {

    private final LinkedHashMap<String, SubgraphSchema> subgraphs;
    private final GraphQLSchema apiSchema;
    private final String apiSdl;
    private final Instant composedAt = Instant.now();

    Supergraph(List<SubgraphSchema> subgraphs, GraphQLSchema apiSchema, String apiSdl) {
        this.subgraphs = new LinkedHashMap<>();
        subgraphs.forEach(s -> this.subgraphs.put(s.name(), s));
        this.apiSchema = apiSchema;
        this.apiSdl = apiSdl;
    }

    public GraphQLSchema apiSchema() {
        return apiSchema;
    }

    public String apiSdl() {
        return apiSdl;
    }

    public Instant composedAt() {
        return composedAt;
    }

    public Set<String> subgraphNames() {
        return Collections.unmodifiableSet(subgraphs.keySet());
    }

    public SubgraphSchema subgraph(String name) {
        return subgraphs.get(name);
    }

    /** Subgraphs (in configuration order) that resolve {@code typeName.fieldName} themselves. */
    public List<String> resolvers(String typeName, String fieldName) {
        List<String> result = new ArrayList<>();
        for (SubgraphSchema s : subgraphs.values()) {
            if (s.resolves(typeName, fieldName)) {
                result.add(s.name());
            }
        }
        return result;
    }

    /**
     * Named type of {@code typeName.fieldName} in the supergraph. Falls back to subgraph declarations because
     * planner-internal fields (keys, {@code @requires}) may be {@code @inaccessible} and hence absent from the API.
     */
    public String fieldTypeName(String typeName, String fieldName) {
        for (SubgraphSchema s : subgraphs.values()) {
            SubgraphSchema.Field field = s.field(typeName, fieldName);
            if (field != null) {
                return field.typeName();
            }
        }
        return null;
    }

    public boolean isObjectType(String typeName) {
        GraphQLNamedType type = (GraphQLNamedType) apiSchema.getType(typeName);
        if (type != null) {
            return type instanceof GraphQLObjectType;
        }
        for (SubgraphSchema s : subgraphs.values()) {
            SubgraphSchema.TypeInfo info = s.type(typeName);
            if (info != null) {
                return info.kind() == SubgraphSchema.Kind.OBJECT;
            }
        }
        return false;
    }

    public boolean isAbstractType(String typeName) {
        GraphQLNamedType type = (GraphQLNamedType) apiSchema.getType(typeName);
        return type instanceof GraphQLInterfaceType || type instanceof GraphQLUnionType;
    }

    /** Object types that may appear where {@code typeName} is expected, in the supergraph. */
    public Set<String> possibleTypes(String typeName) {
        GraphQLNamedType type = (GraphQLNamedType) apiSchema.getType(typeName);
        Set<String> result = new LinkedHashSet<>();
        if (type instanceof GraphQLObjectType) {
            result.add(typeName);
        } else if (type instanceof GraphQLInterfaceType iface) {
            apiSchema.getImplementations(iface).forEach(o -> result.add(o.getName()));
        } else if (type instanceof GraphQLUnionType union) {
            union.getTypes().forEach(t -> result.add(t.getName()));
        } else {
            for (SubgraphSchema s : subgraphs.values()) {
                result.addAll(s.possibleTypes(typeName));
            }
        }
        return result;
    }

    public boolean hasMutations() {
        return apiSchema.getMutationType() != null;
    }

    /** Printable summary: which subgraph resolves which root field (handy in logs and the status endpoint). */
    public Map<String, List<String>> rootFieldOwners() {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (String root : List.of("Query", "Mutation", "Subscription")) {
            for (SubgraphSchema s : subgraphs.values()) {
                SubgraphSchema.TypeInfo type = s.type(root);
                if (type == null) {
                    continue;
                }
                for (String field : type.fields().keySet()) {
                    if (s.resolves(root, field)) {
                        owners.computeIfAbsent(root + "." + field, k -> new ArrayList<>()).add(s.name());
                    }
                }
            }
        }
        return owners;
    }
}
