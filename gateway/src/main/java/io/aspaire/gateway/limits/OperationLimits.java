package io.aspaire.gateway.limits;

import java.math.BigInteger;
import java.text.NumberFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnmodifiedType;

import io.aspaire.gateway.config.GatewayConfig;

/**
 * The gateway's operation limits, checked right after parsing and before graphql-java validates, normalises or plans
 * anything (all of which expand fragments).
 * <p>
 * Everything is measured on the fragment graph: each fragment is measured once and its numbers are reused wherever it
 * is spread, so the work is linear in the size of the document even when the expanded operation is exponential
 * ({@code fragment F2 on Query { ...F1 ...F1 }}, thirty levels deep, is a billion fields in 1 KB of text). Fragment
 * cycles are found by the same walk. Every definition of the document is measured (graphql-java validates them all),
 * and the selected operation is also checked for depth, cost and introspection nesting.
 */
public final class OperationLimits {

    /** Arguments that bound the size of a list field. */
    private static final List<String> SIZE_ARGUMENTS = List.of("first", "last", "limit", "size", "take", "pageSize");

    /** {@code __Type} fields that list other types: nesting them multiplies the size of an introspection answer. */
    private static final Set<String> TYPE_LISTS = Set.of("fields", "inputFields", "interfaces", "possibleTypes");

    /**
     * Nested {@link #TYPE_LISTS} allowed, as graphql-js's {@code MaxIntrospectionDepthRule} (Apollo Server, Apollo
     * Router): GraphiQL's full introspection query nests one, {@code fields { type { fields } }} two.
     */
    public static final int MAX_INTROSPECTION_LIST_DEPTH = 2;

    /** Either the size of the selected operation, or why the document is refused. */
    public record Verdict(OperationSize size, String problem, String code) {

        public boolean refused() {
            return problem != null;
        }

        static Verdict refuse(String problem, String code) {
            return new Verdict(null, problem, code);
        }
    }

    private OperationLimits() {
    }

    /**
     * Measures {@code document} and checks it against {@code limits}.
     *
     * @param schema    the API schema, or {@code null} when none is composed yet (then only what needs no types is
     *                  checked: the operation cannot run anyway)
     * @param variables the request's variables (list sizes given as variables count with their value)
     */
    public static Verdict check(Document document, OperationDefinition operation, GraphQLSchema schema,
            Map<String, Object> variables, GatewayConfig.Limits limits) {
        Measurer measurer = new Measurer(document, schema, variables, operation, limits.defaultListSize());
        Shape selected;
        long mostFields = 0;
        long mostAliases = 0;
        try {
            for (FragmentDefinition fragment : measurer.fragments.values()) {
                Shape shape = measurer.fragment(fragment.getName());
                mostFields = Math.max(mostFields, shape.fields);
                mostAliases = Math.max(mostAliases, shape.aliases);
            }
            selected = null;
            for (OperationDefinition candidate : document.getDefinitionsOfType(OperationDefinition.class)) {
                Shape shape = measurer.selectionSet(candidate.getSelectionSet(), rootType(schema, candidate));
                mostFields = Math.max(mostFields, shape.fields);
                mostAliases = Math.max(mostAliases, shape.aliases);
                if (candidate == operation) {
                    selected = shape;
                }
            }
        } catch (FragmentCycle cycle) {
            return Verdict.refuse("Fragment cycle: " + String.join(" → ", cycle.path)
                    + ". A fragment cannot spread itself, directly or through other fragments.",
                    "GRAPHQL_VALIDATION_FAILED");
        } catch (StackOverflowError e) {
            return Verdict.refuse("The operation is nested too deeply to be processed.", "OPERATION_LIMIT_EXCEEDED");
        }
        if (selected == null) {
            selected = measurer.selectionSet(operation.getSelectionSet(), rootType(schema, operation));
        }
        if (mostFields > limits.maxFields()) {
            return Verdict.refuse("Query has too many fields: " + count(mostFields)
                    + " once fragments are expanded, the limit is " + limits.maxFields() + ".", "OPERATION_LIMIT_EXCEEDED");
        }
        if (mostAliases > limits.maxAliases()) {
            return Verdict.refuse("Query has too many aliases: " + count(mostAliases)
                    + " once fragments are expanded, the limit is " + limits.maxAliases() + ".",
                    "OPERATION_LIMIT_EXCEEDED");
        }
        if (selected.depth > limits.maxDepth()) {
            return Verdict.refuse("Query is too deep: depth " + selected.depth + " exceeds the maximum depth of "
                    + limits.maxDepth() + ".", "OPERATION_LIMIT_EXCEEDED");
        }
        if (selected.introspectionListDepth > MAX_INTROSPECTION_LIST_DEPTH) {
            return Verdict.refuse("Maximum introspection depth exceeded: fields, inputFields, interfaces and "
                    + "possibleTypes may be nested at most " + MAX_INTROSPECTION_LIST_DEPTH + " deep.",
                    "GRAPHQL_VALIDATION_FAILED");
        }
        if (selected.cost > limits.maxCost()) {
            return Verdict.refuse("Query is too expensive: estimated cost " + (selected.cost == Long.MAX_VALUE
                    ? "beyond any bound" : Long.toString(selected.cost)) + " exceeds the maximum cost of "
                    + limits.maxCost() + ".", "OPERATION_LIMIT_EXCEEDED");
        }
        return new Verdict(new OperationSize(selected.fields, selected.aliases, selected.depth, selected.cost,
                selected.introspectionListDepth, selected.introspectionOnly), null, null);
    }

    private static String count(long value) {
        return value == Long.MAX_VALUE ? "more than " + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value)
                : NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    private static GraphQLCompositeType rootType(GraphQLSchema schema, OperationDefinition operation) {
        if (schema == null) {
            return null;
        }
        return switch (operation.getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
    }

    /** The measures of a selection set; immutable, combined by {@link #plus}. */
    private record Shape(long fields, long aliases, int depth, long cost, int introspectionListDepth,
            boolean introspectionOnly) {

        static final Shape EMPTY = new Shape(0, 0, 0, 0, 0, true);

        Shape plus(Shape other) {
            return new Shape(add(fields, other.fields), add(aliases, other.aliases), Math.max(depth, other.depth),
                    add(cost, other.cost), Math.max(introspectionListDepth, other.introspectionListDepth),
                    introspectionOnly && other.introspectionOnly);
        }
    }

    private static final class FragmentCycle extends RuntimeException {
        final List<String> path;

        FragmentCycle(List<String> path) {
            super(null, null, false, false);
            this.path = path;
        }
    }

    /** One walk over one document: fragments are measured once each (memoised). */
    private static final class Measurer {
        final Map<String, FragmentDefinition> fragments = new HashMap<>();
        private final GraphQLSchema schema;
        private final Map<String, Object> variables;
        private final Map<String, Value<?>> variableDefaults = new HashMap<>();
        private final int defaultListSize;
        private final Map<String, Shape> measured = new HashMap<>();
        private final Deque<String> inProgress = new ArrayDeque<>();

        Measurer(Document document, GraphQLSchema schema, Map<String, Object> variables, OperationDefinition operation,
                int defaultListSize) {
            this.schema = schema;
            this.variables = variables == null ? Map.of() : variables;
            this.defaultListSize = defaultListSize;
            for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
                fragments.putIfAbsent(fragment.getName(), fragment);
            }
            for (VariableDefinition definition : operation.getVariableDefinitions()) {
                if (definition.getDefaultValue() != null) {
                    variableDefaults.put(definition.getName(), definition.getDefaultValue());
                }
            }
        }

        Shape fragment(String name) {
            Shape known = measured.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition fragment = fragments.get(name);
            if (fragment == null) {
                return Shape.EMPTY; // validation reports the unknown fragment
            }
            if (inProgress.contains(name)) {
                List<String> path = new ArrayList<>();
                boolean inCycle = false;
                for (var it = inProgress.descendingIterator(); it.hasNext();) {
                    String step = it.next();
                    inCycle |= step.equals(name);
                    if (inCycle) {
                        path.add(step);
                    }
                }
                path.add(name);
                throw new FragmentCycle(path);
            }
            inProgress.push(name);
            Shape shape = selectionSet(fragment.getSelectionSet(), namedType(fragment.getTypeCondition().getName()));
            inProgress.pop();
            measured.put(name, shape);
            return shape;
        }

        Shape selectionSet(SelectionSet selectionSet, GraphQLCompositeType parent) {
            if (selectionSet == null) {
                return Shape.EMPTY;
            }
            Shape total = Shape.EMPTY;
            for (Selection<?> selection : selectionSet.getSelections()) {
                if (selection instanceof Field field) {
                    total = total.plus(field(field, parent));
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLCompositeType type = inline.getTypeCondition() == null ? parent
                            : namedType(inline.getTypeCondition().getName());
                    total = total.plus(selectionSet(inline.getSelectionSet(), type));
                } else if (selection instanceof FragmentSpread spread) {
                    total = total.plus(fragment(spread.getName()));
                }
            }
            return total;
        }

        private Shape field(Field field, GraphQLCompositeType parent) {
            String name = field.getName();
            GraphQLFieldDefinition definition = definition(parent, name);
            GraphQLType type = definition == null ? null : definition.getType();
            GraphQLCompositeType childType = unwrapped(type) instanceof GraphQLCompositeType composite ? composite : null;
            Shape below = selectionSet(field.getSelectionSet(), childType);

            boolean introspectionRoot = name.equals("__schema") || name.equals("__type");
            boolean metaField = name.startsWith("__");
            int depth = introspectionRoot ? 0 : 1 + below.depth;
            long cost = 0;
            if (!metaField) { // introspection is bounded by the schema, __typename is free
                long childCost = below.cost;
                if (childCost > 0 && isList(type)) {
                    childCost = multiply(childCost, listSize(field));
                }
                cost = add(1, childCost);
            }
            boolean typeList = parent != null && parent.getName().equals(Introspection.__Type.getName())
                    && TYPE_LISTS.contains(name);
            return new Shape(add(1, below.fields), add(field.getAlias() == null ? 0 : 1, below.aliases), depth, cost,
                    below.introspectionListDepth + (typeList ? 1 : 0), metaField);
        }

        private GraphQLFieldDefinition definition(GraphQLCompositeType parent, String name) {
            if (schema == null || parent == null) {
                return null;
            }
            try {
                return Introspection.getFieldDef(schema, parent, name);
            } catch (RuntimeException e) {
                return null; // not a field of that type: validation reports it
            }
        }

        private GraphQLCompositeType namedType(String name) {
            if (schema == null) {
                return null;
            }
            GraphQLType type = schema.getType(name);
            return type instanceof GraphQLCompositeType composite ? composite : null;
        }

        private long listSize(Field field) {
            for (String name : SIZE_ARGUMENTS) {
                for (Argument argument : field.getArguments()) {
                    if (argument.getName().equals(name)) {
                        Long size = number(argument.getValue());
                        if (size != null && size >= 0) {
                            return size;
                        }
                    }
                }
            }
            return defaultListSize;
        }

        private Long number(Value<?> value) {
            if (value instanceof IntValue intValue) {
                return saturated(intValue.getValue());
            }
            if (value instanceof VariableReference reference) {
                Object given = variables.get(reference.getName());
                if (given instanceof BigInteger big) {
                    return saturated(big);
                }
                if (given instanceof Number n) {
                    return n.longValue();
                }
                Value<?> defaultValue = variableDefaults.get(reference.getName());
                return given == null && defaultValue instanceof IntValue intValue ? saturated(intValue.getValue()) : null;
            }
            return null;
        }

        private static Long saturated(BigInteger value) {
            return value.bitLength() < 63 ? value.longValue() : (value.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
    }

    private static GraphQLUnmodifiedType unwrapped(GraphQLType type) {
        GraphQLType current = type;
        while (current instanceof GraphQLNonNull || current instanceof GraphQLList) {
            current = current instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType()
                    : ((GraphQLList) current).getWrappedType();
        }
        return current instanceof GraphQLUnmodifiedType unmodified ? unmodified : null;
    }

    private static boolean isList(GraphQLType type) {
        GraphQLType current = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        return current instanceof GraphQLList;
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
