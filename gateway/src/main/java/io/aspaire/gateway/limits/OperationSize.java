package io.aspaire.gateway.limits;

/**
 * What an operation would cost once its fragments are expanded, measured on the document itself (see
 * {@link OperationLimits}). Counts saturate at {@link Long#MAX_VALUE}: a fragment "bomb" is measured, never expanded.
 *
 * @param fields                 field selections once fragments are expanded (before identical fields are merged)
 * @param aliases                aliased field selections once fragments are expanded
 * @param depth                  nesting depth of fields ({@code __schema} and {@code __type} subtrees not counted)
 * @param cost                   estimated cost: 1 per field, everything below a list multiplied by its size
 * @param introspectionListDepth most {@code __Type} list fields ({@code fields}, {@code inputFields},
 *                               {@code interfaces}, {@code possibleTypes}) nested in one another
 * @param introspectionOnly      the operation only selects {@code __schema}, {@code __type} and {@code __typename}
 */
public record OperationSize(long fields, long aliases, int depth, long cost, int introspectionListDepth,
        boolean introspectionOnly) {
}
