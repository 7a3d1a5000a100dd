package io.aspaire.gateway.composition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;

/**
 * A parsed federation field set, the {@code fields} argument of {@code @key}, {@code @requires} and
 * {@code @provides}: e.g. {@code "id"}, {@code "userId jobId"} or {@code "organization { id }"}.
 */
public record FieldSet(List<Entry> entries) {

    public static final FieldSet EMPTY = new FieldSet(List.of());

    /** One field of a field set with its own (possibly empty) sub-selection. */
    public record Entry(String name, FieldSet children) {
        public boolean isLeaf() {
            return children.entries().isEmpty();
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Entry get(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with a readable message when it is not a field set. */
    public static FieldSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty field set");
        }
        Document document;
        try {
            document = Parser.parse("{" + text + "}");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid field set \"" + text + "\": " + e.getMessage());
        }
        OperationDefinition op = (OperationDefinition) document.getDefinitions().get(0);
        return from(op.getSelectionSet(), text);
    }

    private static FieldSet from(SelectionSet selectionSet, String text) {
        if (selectionSet == null) {
            return EMPTY;
        }
        List<Entry> entries = new ArrayList<>();
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (!(selection instanceof Field field)) {
                throw new IllegalArgumentException("field set \"" + text + "\" uses fragments, which are not supported");
            }
            if (field.getAlias() != null || !field.getArguments().isEmpty()) {
                throw new IllegalArgumentException("field set \"" + text + "\" uses aliases or arguments, which are not allowed");
            }
            entries.add(new Entry(field.getName(), from(field.getSelectionSet(), text)));
        }
        return new FieldSet(Collections.unmodifiableList(entries));
    }

    /** Union of two field sets (used when several {@code @requires} apply to the same entity). */
    public FieldSet merge(FieldSet other) {
        List<Entry> merged = new ArrayList<>(entries);
        for (Entry e : other.entries) {
            int i = indexOf(merged, e.name());
            if (i < 0) {
                merged.add(e);
            } else {
                merged.set(i, new Entry(e.name(), merged.get(i).children().merge(e.children())));
            }
        }
        return new FieldSet(Collections.unmodifiableList(merged));
    }

    private static int indexOf(List<Entry> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(e.name());
            if (!e.isLeaf()) {
                sb.append(" { ").append(e.children()).append(" }");
            }
        }
        return sb.toString();
    }
}
