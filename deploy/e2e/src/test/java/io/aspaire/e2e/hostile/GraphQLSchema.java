package io.aspaire.e2e.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of an introspected GraphQL schema the hostile-input suite needs: the root fields with their arguments, and
 * every type by name (input objects, enums, output objects for the selection sets).
 */
public final class GraphQLSchema {

    /** The standard introspection query, type references seven levels deep. */
    public static final String INTROSPECTION = """
            query Introspection {
              __schema {
                queryType { name }
                mutationType { name }
                subscriptionType { name }
                types {
                  kind name
                  fields(includeDeprecated: true) { name args { name type { ...Ref } } type { ...Ref } }
                  inputFields { name type { ...Ref } }
                  enumValues(includeDeprecated: true) { name }
                }
              }
            }
            fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
              kind name ofType { kind name ofType { kind name } } } } } } }""";

    /** A type reference: NON_NULL and LIST wrap another one; the others name a type. */
    public record TypeRef(String kind, String name, TypeRef ofType) {

        public static TypeRef named(String kind, String name) {
            return new TypeRef(kind, name, null);
        }

        public static TypeRef nonNull(TypeRef of) {
            return new TypeRef("NON_NULL", null, of);
        }

        public static TypeRef list(TypeRef of) {
            return new TypeRef("LIST", null, of);
        }

        static TypeRef of(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            return new TypeRef(node.path("kind").asText(), node.path("name").isNull() ? null
                    : node.path("name").asText(null), of(node.get("ofType")));
        }

        public boolean nonNull() {
            return "NON_NULL".equals(kind);
        }

        /** Without a NON_NULL wrapper. */
        public TypeRef nullable() {
            return nonNull() ? ofType : this;
        }

        public boolean isList() {
            return "LIST".equals(nullable().kind);
        }

        /** The named type under every wrapper. */
        public TypeRef unwrapped() {
            return ofType == null ? this : ofType.unwrapped();
        }

        /** As written in a variable definition: {@code [String!]!}. */
        public String render() {
            return switch (kind) {
                case "NON_NULL" -> ofType.render() + "!";
                case "LIST" -> "[" + ofType.render() + "]";
                default -> name;
            };
        }
    }

    public record InputValue(String name, TypeRef type) {
    }

    public record Field(String name, List<InputValue> args, TypeRef type) {
    }

    public record Type(String kind, String name, List<Field> fields, List<InputValue> inputFields,
            List<String> enumValues) {
    }

    public final String queryType;
    public final String mutationType;
    public final String subscriptionType;
    public final Map<String, Type> types = new LinkedHashMap<>();

    private GraphQLSchema(String queryType, String mutationType, String subscriptionType) {
        this.queryType = queryType;
        this.mutationType = mutationType;
        this.subscriptionType = subscriptionType;
    }

    /** From the {@code data} of {@link #INTROSPECTION}'s answer. */
    public static GraphQLSchema parse(JsonNode data) {
        JsonNode schema = data.path("__schema");
        GraphQLSchema out = new GraphQLSchema(schema.path("queryType").path("name").asText(null),
                schema.path("mutationType").path("name").asText(null),
                schema.path("subscriptionType").path("name").asText(null));
        for (JsonNode t : schema.path("types")) {
            List<Field> fields = new ArrayList<>();
            for (JsonNode f : t.path("fields")) {
                fields.add(new Field(f.path("name").asText(), values(f.path("args")), TypeRef.of(f.get("type"))));
            }
            List<String> enumValues = new ArrayList<>();
            t.path("enumValues").forEach(v -> enumValues.add(v.path("name").asText()));
            String name = t.path("name").asText();
            out.types.put(name, new Type(t.path("kind").asText(), name, fields, values(t.path("inputFields")),
                    enumValues));
        }
        return out;
    }

    private static List<InputValue> values(JsonNode array) {
        List<InputValue> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(new InputValue(v.path("name").asText(), TypeRef.of(v.get("type"))));
        }
        return out;
    }

    public List<Field> rootFields(String rootType) {
        Type root = rootType == null ? null : types.get(rootType);
        return root == null ? List.of() : root.fields();
    }

    public Type type(TypeRef ref) {
        return types.get(ref.unwrapped().name());
    }

    /**
     * A selection set for a field's type: {@code __typename} and every leaf field that needs no argument (one level, so
     * the resolvers of the field itself run), nothing for a leaf type.
     */
    public String selection(TypeRef ref) {
        Type type = type(ref);
        if (type == null || type.kind().equals("SCALAR") || type.kind().equals("ENUM")) {
            return "";
        }
        StringJoiner fields = new StringJoiner(" ", " { ", " }");
        fields.add("__typename");
        if (type.kind().equals("OBJECT")) {
            for (Field f : type.fields()) {
                Type leaf = type(f.type());
                boolean needsArgs = f.args().stream().anyMatch(a -> a.type().nonNull());
                if (leaf != null && (leaf.kind().equals("SCALAR") || leaf.kind().equals("ENUM")) && !needsArgs) {
                    fields.add(f.name());
                }
            }
        }
        return fields.toString();
    }
}
