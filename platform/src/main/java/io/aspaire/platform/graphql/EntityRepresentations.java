package io.aspaire.platform.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLAppliedDirectiveArgument;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.TextRule;

/**
 * The representations a federation {@code _entities(representations: [_Any!]!)} query may carry. {@code _Any} accepts
 * any JSON, and SmallRye's federation fetcher fails with "System error" on anything that is not a well-formed
 * representation; so each one is checked before it runs: a JSON object, a {@code __typename} that is one of this
 * subgraph's entity types, the fields of one of that type's {@code @key}s present, and {@code id} keys valid UUIDs
 * ({@link Ids}). The number of representations is capped (the gateway sends one batch per entity level of a query,
 * as many as the rows it got, so a page of results is far below the cap). A well-formed representation of an unknown
 * id passes: the service's resolver answers it (null for that position).
 */
public final class EntityRepresentations {

    public static final String FIELD = "_entities";
    public static final String ARGUMENT = "representations";

    /** For each entity type, its keys, each key as the top-level field names of its {@code fields} selection. */
    private final Map<String, List<List<String>>> keysByType;
    private final int max;

    EntityRepresentations(Map<String, List<List<String>>> keysByType, int max) {
        this.keysByType = keysByType;
        this.max = max;
    }

    /** The entity types of {@code schema} (the members of its {@code _Entity} union) and their keys. */
    public static EntityRepresentations of(GraphQLSchema schema, int max) {
        Map<String, List<List<String>>> keys = new LinkedHashMap<>();
        if (schema.getType("_Entity") instanceof GraphQLUnionType entities) {
            for (GraphQLNamedType member : entities.getTypes()) {
                keys.put(member.getName(), keysOf(member));
            }
        }
        return new EntityRepresentations(keys, max);
    }

    /** Fails with BAD_REQUEST naming the first problem; returns normally when every representation is well formed. */
    public void check(Object representations) {
        String problem = firstProblem(representations);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
    }

    /** What is wrong with the representations, or null. */
    public String firstProblem(Object representations) {
        if (!(representations instanceof List<?> list)) {
            return ARGUMENT + " must be a list of entity representations";
        }
        if (list.size() > max) {
            return ARGUMENT + ": " + list.size() + " entities asked at once; the limit is " + max;
        }
        for (int i = 0; i < list.size(); i++) {
            String problem = problem(ARGUMENT + "[" + i + "]", list.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String problem(String path, Object representation) {
        if (!(representation instanceof Map<?, ?> fields)) {
            return path + " must be an object with __typename and the key fields of an entity";
        }
        if (!(fields.get("__typename") instanceof String typename) || typename.isBlank()) {
            return path + " has no __typename (one of: " + String.join(", ", keysByType.keySet()) + ")";
        }
        List<List<String>> keys = keysByType.get(typename);
        if (keys == null) {
            String shown = typename.length() > 40 || TextRule.violates(typename) ? "its __typename" : typename;
            return path + ": " + shown + " is not an entity type of this service (one of: "
                    + String.join(", ", keysByType.keySet()) + ")";
        }
        List<String> key = keys.stream().filter(k -> fields.keySet().containsAll(k)).findFirst().orElse(null);
        if (key == null) {
            return path + ": a " + typename + " representation needs its key field" + (keys.get(0).size() > 1
                    ? "s " : " ") + String.join(", ", keys.get(0));
        }
        if (key.contains("id")) {
            Object id = fields.get("id");
            if (id != null && !(id instanceof String)) {
                return path + ".id must be a string (a UUID)";
            }
            try {
                Ids.required(path + ".id", (String) id);
            } catch (BadRequestException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    private static List<List<String>> keysOf(GraphQLType type) {
        List<List<String>> keys = new ArrayList<>();
        if (type instanceof GraphQLObjectType object) {
            for (String directive : List.of("key", "federation__key")) {
                for (GraphQLAppliedDirective key : object.getAppliedDirectives(directive)) {
                    GraphQLAppliedDirectiveArgument fields = key.getArgument("fields");
                    if (fields != null && fields.getValue() instanceof String selection) {
                        keys.add(topLevelFields(selection));
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            keys.add(List.of("id")); // every entity of this product is keyed by its id
        }
        return keys;
    }

    /** "id" → [id]; "id owner { id }" → [id, owner]: nested selections need their parent field only. */
    static List<String> topLevelFields(String selection) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        for (String token : selection.replace("{", " { ").replace("}", " } ").trim().split("\\s+")) {
            if (token.equals("{")) {
                depth++;
            } else if (token.equals("}")) {
                depth--;
            } else if (depth == 0 && !token.isEmpty()) {
                names.add(token);
            }
        }
        return names;
    }
}
