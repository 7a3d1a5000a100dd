package io.aspaire.gateway.limits;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.normalized.ExecutableNormalizedField;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;

/**
 * Depth and cost of an operation, measured before anything is sent to a subgraph.
 * <p>
 * Introspection ({@code __schema}, {@code __type}) is not counted: its size is bounded by the schema, and
 * graphql-java's "good faith introspection" already rejects abusive introspection queries.
 */
public final class OperationLimits {

    private static final List<String> SIZE_ARGUMENTS = List.of("first", "last", "limit", "size", "take", "pageSize");

    private OperationLimits() {
    }

    /** Nesting depth of fields, fragments expanded (a fragment cycle counts as infinitely deep). */
    public static int depth(SelectionSet selectionSet, Map<String, FragmentDefinition> fragments) {
        return depth(selectionSet, fragments, new HashSet<>(), new HashMap<>());
    }

    private static int depth(SelectionSet selectionSet, Map<String, FragmentDefinition> fragments, Set<String> visiting,
            Map<String, Integer> memo) {
        if (selectionSet == null) {
            return 0;
        }
        int max = 0;
        for (Selection<?> selection : selectionSet.getSelections()) {
            int d;
            if (selection instanceof Field field) {
                if (field.getName().equals("__schema") || field.getName().equals("__type")) {
                    continue;
                }
                d = 1 + depth(field.getSelectionSet(), fragments, visiting, memo);
            } else if (selection instanceof InlineFragment inline) {
                d = depth(inline.getSelectionSet(), fragments, visiting, memo);
            } else if (selection instanceof FragmentSpread spread) {
                String name = spread.getName();
                Integer known = memo.get(name);
                if (known != null) {
                    d = known;
                } else {
                    FragmentDefinition fragment = fragments.get(name);
                    if (fragment == null) {
                        continue; // validation reports unknown fragments
                    }
                    if (!visiting.add(name)) {
                        return Integer.MAX_VALUE / 2; // cycle: validation rejects it; never loop
                    }
                    d = depth(fragment.getSelectionSet(), fragments, visiting, memo);
                    visiting.remove(name);
                    memo.put(name, d);
                }
            } else {
                continue;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /**
     * Estimated cost: 1 per field, and the cost below a list field multiplied by the list size (its size argument,
     * or {@code defaultListSize}). Saturates at {@link Long#MAX_VALUE}.
     */
    public static long cost(List<ExecutableNormalizedField> fields, GraphQLSchema schema, int defaultListSize) {
        long total = 0;
        for (ExecutableNormalizedField field : fields) {
            if (field.getFieldName().startsWith("__")) {
                continue;
            }
            long below = 0;
            if (!field.getChildren().isEmpty()) {
                below = cost(field.getChildren(), schema, defaultListSize);
                if (isList(field, schema)) {
                    below = saturatingMultiply(below, listSize(field, defaultListSize));
                }
            }
            total = saturatingAdd(total, saturatingAdd(1, below));
        }
        return total;
    }

    private static boolean isList(ExecutableNormalizedField field, GraphQLSchema schema) {
        try {
            GraphQLOutputType type = field.getType(schema);
            if (type instanceof GraphQLNonNull nonNull) {
                return nonNull.getWrappedType() instanceof GraphQLList;
            }
            return type instanceof GraphQLList;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long listSize(ExecutableNormalizedField field, int defaultListSize) {
        for (String name : SIZE_ARGUMENTS) {
            Object value = field.getResolvedArguments().get(name);
            if (value instanceof Number n && n.longValue() >= 0) {
                return n.longValue();
            }
        }
        return defaultListSize;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
