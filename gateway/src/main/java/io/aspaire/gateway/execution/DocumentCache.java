package io.aspaire.gateway.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.validation.ValidationError;

import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.limits.OperationLimits;
import io.aspaire.gateway.planning.QueryPlan;

/**
 * Parsed documents by query text (LRU), with what the gateway derives from them against one supergraph: the
 * validation result, the operation-limit verdicts and the query plans. Clients send the same few operations over
 * and over; redoing that work on every request was most of the gateway's own CPU time (planning alone about a fifth,
 * normalisation another 7%, on the three-subgraph benchmark). Everything derived is dropped when the supergraph
 * changes, so a recomposition re-validates and re-plans.
 * <p>
 * What may depend on the request's variables is only reused when it cannot: a verdict when the document refers to
 * no variable at all (list sizes given as variables count with their value), a plan per value of the variables used
 * in directive arguments ({@code @skip(if: $x)}, {@code @include}), the only way variables change what is fetched
 * (field arguments travel to the subgraphs as variable references).
 */
final class DocumentCache {

    /** At most this many plans per document (one per combination of directive-variable values seen). */
    static final int MAX_PLANS_PER_DOCUMENT = 16;

    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    static final class Entry {
        final Document document;
        /** No variable reference anywhere in the document: its limit verdicts do not depend on the variables. */
        final boolean variableFree;
        /** Variables used in directive arguments: the only variables that change a plan. */
        final List<String> directiveVariables;
        /** The first {@code @defer} in the document, or {@code null}: the gateway has no incremental delivery. */
        final Directive defer;

        private Supergraph derivedFrom;
        private List<ValidationError> validationErrors;
        private final Map<String, OperationLimits.Verdict> verdicts = new HashMap<>();
        private final Map<List<Object>, QueryPlan> plans = new HashMap<>();

        Entry(Document document) {
            this.document = document;
            Set<String> all = new HashSet<>();
            Set<String> inDirectives = new HashSet<>();
            Directive[] firstDefer = new Directive[1];
            new NodeTraverser().depthFirst(new NodeVisitorStub() {
                @Override
                public TraversalControl visitDirective(Directive node, TraverserContext<Node> context) {
                    if (firstDefer[0] == null && node.getName().equals("defer")) {
                        firstDefer[0] = node;
                    }
                    return TraversalControl.CONTINUE;
                }

                @Override
                public TraversalControl visitVariableReference(VariableReference node, TraverserContext<Node> context) {
                    all.add(node.getName());
                    for (Node<?> ancestor : context.getParentNodes()) {
                        if (ancestor instanceof Directive) {
                            inDirectives.add(node.getName());
                        }
                    }
                    return TraversalControl.CONTINUE;
                }
            }, document);
            this.variableFree = all.isEmpty();
            this.directiveVariables = List.copyOf(new java.util.TreeSet<>(inDirectives));
            this.defer = firstDefer[0];
        }

        /** Forgets what was derived from another supergraph. Callers hold the lock. */
        private void useSupergraph(Supergraph supergraph) {
            if (derivedFrom != supergraph) {
                derivedFrom = supergraph;
                validationErrors = null;
                verdicts.clear();
                plans.clear();
            }
        }

        synchronized List<ValidationError> validationErrors(Supergraph supergraph) {
            useSupergraph(supergraph);
            return validationErrors;
        }

        synchronized void validated(Supergraph supergraph, List<ValidationError> errors) {
            useSupergraph(supergraph);
            this.validationErrors = List.copyOf(errors);
        }

        /** A remembered verdict for {@code operation}, or {@code null}. */
        synchronized OperationLimits.Verdict verdict(Supergraph supergraph, OperationDefinition operation) {
            useSupergraph(supergraph);
            return variableFree ? verdicts.get(operationKey(operation)) : null;
        }

        synchronized void measured(Supergraph supergraph, OperationDefinition operation, OperationLimits.Verdict verdict) {
            useSupergraph(supergraph);
            if (variableFree) {
                verdicts.put(operationKey(operation), verdict);
            }
        }

        /** The key of the plan of {@code operation} with {@code variables}. */
        List<Object> planKey(OperationDefinition operation, Map<String, Object> variables) {
            List<Object> key = new ArrayList<>(directiveVariables.size() + 1);
            key.add(operationKey(operation));
            for (String name : directiveVariables) {
                key.add(variables.containsKey(name) ? variables.get(name) : ABSENT);
            }
            return key;
        }

        synchronized QueryPlan plan(Supergraph supergraph, List<Object> key) {
            useSupergraph(supergraph);
            return plans.get(key);
        }

        synchronized void planned(Supergraph supergraph, List<Object> key, QueryPlan plan) {
            useSupergraph(supergraph);
            if (plans.size() >= MAX_PLANS_PER_DOCUMENT) {
                plans.clear(); // a client cycling through many values: start over rather than grow
            }
            plans.put(key, plan);
        }

        private static String operationKey(OperationDefinition operation) {
            return operation.getName() == null ? "" : operation.getName();
        }
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    DocumentCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > DocumentCache.this.capacity;
            }
        };
    }

    synchronized Entry get(String query) {
        return entries.get(query);
    }

    Entry put(String query, Document document) {
        Entry entry = new Entry(document); // walks the document: outside the lock
        synchronized (this) {
            entries.put(query, entry);
        }
        return entry;
    }
}
