package io.aspaire.platform.graphql;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * Depth, field and alias limits of a GraphQL document, computed on the fragment graph before anything expands it.
 * Each fragment's totals are computed once (memoised) and reused at every spread, so the work is linear in the
 * document's text: {@code fragment Fi on Query {...F(i-1) ...F(i-1)}} to depth 30 (2^30 fields once expanded) costs
 * microseconds, where an expanding check (graphql-java's MaxQueryDepth/ComplexityInstrumentation) runs for minutes.
 * Counts saturate at {@link Long#MAX_VALUE} instead of overflowing.
 */
public final class DocumentLimits {

    private final int maxDepth;
    private final long maxFields;
    private final long maxAliases;

    public DocumentLimits(int maxDepth, long maxFields, long maxAliases) {
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
        this.maxAliases = maxAliases;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public long maxFields() {
        return maxFields;
    }

    public long maxAliases() {
        return maxAliases;
    }

    /** What one selection set amounts to once expanded. */
    record Cost(long depth, long fields, long aliases) {
        static final Cost ZERO = new Cost(0, 0, 0);

        Cost plus(Cost other) {
            return new Cost(Math.max(depth, other.depth), add(fields, other.fields), add(aliases, other.aliases));
        }

        static long add(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }

    /** The first limit the document exceeds, as a client message; null when it is within every limit. */
    public String firstViolation(Document document) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof FragmentDefinition fragment) {
                fragments.put(fragment.getName(), fragment);
            }
        }
        Walk walk = new Walk(fragments);
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                Cost cost = walk.of(operation.getSelectionSet());
                String name = operation.getName() == null ? "the operation" : "operation " + operation.getName();
                if (cost.depth() > maxDepth) {
                    return name + " is " + cost.depth() + " levels deep; the limit is " + maxDepth;
                }
                if (cost.fields() > maxFields) {
                    return name + " selects " + describe(cost.fields()) + " fields once its fragments are expanded; "
                            + "the limit is " + maxFields;
                }
                if (cost.aliases() > maxAliases) {
                    return name + " uses " + describe(cost.aliases()) + " aliases; the limit is " + maxAliases;
                }
            }
        }
        return null;
    }

    private static String describe(long count) {
        return count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(count);
    }

    /** One pass over a document; fragment costs are memoised. */
    private static final class Walk {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Cost> memo = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();

        Walk(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        Cost of(SelectionSet set) {
            Cost total = Cost.ZERO;
            if (set == null) {
                return total;
            }
            for (Selection<?> selection : set.getSelections()) {
                total = total.plus(of(selection));
            }
            return total;
        }

        private Cost of(Selection<?> selection) {
            if (selection instanceof Field field) {
                Cost below = of(field.getSelectionSet());
                return new Cost(Cost.add(below.depth(), 1), Cost.add(below.fields(), 1),
                        Cost.add(below.aliases(), field.getAlias() == null ? 0 : 1));
            }
            if (selection instanceof InlineFragment inline) {
                return of(inline.getSelectionSet());
            }
            if (selection instanceof FragmentSpread spread) {
                return fragment(spread.getName());
            }
            return Cost.ZERO;
        }

        private Cost fragment(String name) {
            Cost known = memo.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            // unknown fragments and cycles are validation errors graphql-java reports; they add nothing here
            if (definition == null || !inProgress.add(name)) {
                return Cost.ZERO;
            }
            Cost cost = of(definition.getSelectionSet());
            inProgress.remove(name);
            memo.put(name, cost);
            return cost;
        }
    }
}
