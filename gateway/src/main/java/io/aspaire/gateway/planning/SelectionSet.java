package io.aspaire.gateway.planning;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstPrinter;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.Value;
import graphql.language.VariableReference;

/**
 * A selection set being built for one subgraph request: fields by response key, plus inline fragments by type
 * condition. Adding the same field twice merges the sub-selections, so several parts of the client operation (and
 * the keys the planner needs) end up in one subgraph query.
 */
public final class SelectionSet {

    /** One field of a subgraph query. */
    public static final class FieldSelection {
        final String alias;
        final String name;
        final List<Argument> arguments;
        private SelectionSet children;

        FieldSelection(String alias, String name, List<Argument> arguments) {
            this.alias = alias;
            this.name = name;
            this.arguments = arguments;
        }

        public String responseKey() {
            return alias != null ? alias : name;
        }

        public SelectionSet children() {
            if (children == null) {
                children = new SelectionSet();
            }
            return children;
        }

        boolean sameFieldAs(String otherName, List<Argument> otherArguments) {
            if (!name.equals(otherName) || arguments.size() != otherArguments.size()) {
                return false;
            }
            // Most fields have no arguments (and keys, __typename never do): no printing then. Printing builds an
            // AstPrinter (a map of node printers) per call, which made this the planner's hottest line.
            return arguments.isEmpty() || AstPrinter.printAst(new graphql.language.Field("x", arguments))
                    .equals(AstPrinter.printAst(new graphql.language.Field("x", otherArguments)));
        }
    }

    private final LinkedHashMap<String, FieldSelection> fields = new LinkedHashMap<>();
    private final LinkedHashMap<String, SelectionSet> fragments = new LinkedHashMap<>();

    public boolean isEmpty() {
        return fields.isEmpty() && fragments.isEmpty();
    }

    public Collection<FieldSelection> fields() {
        return fields.values();
    }

    /**
     * Adds a field requested by the client. Returns {@code null} when the response key is already taken by a
     * different field or arguments — impossible for a validated operation, except with planner-internal fields.
     */
    FieldSelection field(String alias, String name, List<Argument> arguments) {
        String key = alias != null ? alias : name;
        FieldSelection existing = fields.get(key);
        if (existing == null) {
            FieldSelection created = new FieldSelection(alias, name, arguments == null ? List.of() : arguments);
            fields.put(key, created);
            return created;
        }
        return existing.sameFieldAs(name, arguments == null ? List.of() : arguments) ? existing : null;
    }

    /**
     * Adds a field the planner needs (an entity key or a {@code @requires} field). If the client already uses
     * that name as response key for something else, the field gets a private alias.
     */
    FieldSelection internalField(String name) {
        FieldSelection plain = field(null, name, List.of());
        if (plain != null) {
            return plain;
        }
        for (int i = 0;; i++) {
            FieldSelection aliased = field("_fed" + i + "_" + name, name, List.of());
            if (aliased != null) {
                return aliased;
            }
        }
    }

    void addTypename() {
        field(null, "__typename", List.of());
    }

    SelectionSet inlineFragment(String typeCondition) {
        return fragments.computeIfAbsent(typeCondition, t -> new SelectionSet());
    }

    /** Prints the selection set as GraphQL text, collecting the variables the arguments refer to. */
    void print(StringBuilder out, Set<String> variables) {
        out.append('{');
        if (isEmpty()) {
            out.append(" __typename"); // an object field needs at least one sub-field
        }
        for (FieldSelection field : fields.values()) {
            out.append(' ');
            if (field.alias != null) {
                out.append(field.alias).append(": ");
            }
            out.append(field.name);
            if (!field.arguments.isEmpty()) {
                out.append('(');
                boolean first = true;
                for (Argument argument : field.arguments) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    out.append(argument.getName()).append(": ").append(AstPrinter.printAstCompact(argument.getValue()));
                    collectVariables(argument.getValue(), variables);
                }
                out.append(')');
            }
            if (field.children != null) {
                out.append(' ');
                field.children.print(out, variables);
            }
        }
        for (var fragment : fragments.entrySet()) {
            out.append(" ... on ").append(fragment.getKey()).append(' ');
            fragment.getValue().print(out, variables);
        }
        out.append(" }");
    }

    private static void collectVariables(Value<?> value, Set<String> variables) {
        if (value instanceof VariableReference ref) {
            variables.add(ref.getName());
        } else if (value instanceof ArrayValue array) {
            array.getValues().forEach(v -> collectVariables(v, variables));
        } else if (value instanceof ObjectValue object) {
            for (ObjectField field : object.getObjectFields()) {
                collectVariables(field.getValue(), variables);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, new java.util.HashSet<>());
        return sb.toString();
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields.keySet(), fragments.keySet());
    }

    @Override
    public boolean equals(Object obj) {
        return this == obj;
    }
}
