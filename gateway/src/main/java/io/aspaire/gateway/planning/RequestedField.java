package io.aspaire.gateway.planning;

import java.util.List;
import java.util.Set;

import graphql.language.Argument;
import graphql.normalized.ExecutableNormalizedField;

import io.aspaire.gateway.composition.FieldSet;

/**
 * A field the planner must fetch: either from the client operation (normalized by graphql-java: fragments
 * expanded, {@code @skip}/{@code @include} applied, and {@link #objectTypes()} telling for which runtime types it
 * applies) or planner-internal (a key or {@code @requires} field, applicable to any type).
 */
record RequestedField(String alias, String name, List<Argument> arguments, Set<String> objectTypes,
        List<RequestedField> children) {

    String responseKey() {
        return alias != null ? alias : name;
    }

    boolean appliesTo(String objectType) {
        return objectTypes.isEmpty() || objectTypes.contains(objectType);
    }

    static RequestedField of(ExecutableNormalizedField field) {
        return new RequestedField(field.getAlias(), field.getFieldName(), field.getAstArguments(),
                field.getObjectTypeNames(), field.getChildren().stream().map(RequestedField::of).toList());
    }

    static RequestedField internal(FieldSet.Entry entry) {
        return new RequestedField(null, entry.name(), List.of(), Set.of(),
                entry.children().entries().stream().map(RequestedField::internal).toList());
    }
}
