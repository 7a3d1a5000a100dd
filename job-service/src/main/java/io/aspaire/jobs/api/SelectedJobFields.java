package io.aspaire.jobs.api;

import java.util.HashSet;
import java.util.Set;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.SelectedField;
import io.smallrye.graphql.api.Context;

/**
 * The fields of Job a GraphQL operation selects, so that JobSearch reads only their columns. Null when the selection
 * cannot be read (no data-fetching environment): the read then returns whole Jobs.
 */
final class SelectedJobFields {

    private SelectedJobFields() {
    }

    /** The Job fields under {@code items} of the current field (Query.jobs: JobPage.items). */
    static Set<String> underItems(Context context) {
        DataFetchingFieldSelectionSet selection = selection(context);
        if (selection == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (SelectedField page : selection.getImmediateFields()) {
            if (page.getName().equals("items")) {
                page.getSelectionSet().getImmediateFields().forEach(f -> names.add(f.getName()));
            }
        }
        return names;
    }

    /**
     * The Job fields of the current field (Query.job, or Query._entities' {@code ... on Job} fragments: graphql-java
     * gives the fields of inline fragments as immediate fields of the field).
     */
    static Set<String> here(Context context) {
        DataFetchingFieldSelectionSet selection = selection(context);
        if (selection == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        selection.getImmediateFields().forEach(f -> names.add(f.getName()));
        return names;
    }

    private static DataFetchingFieldSelectionSet selection(Context context) {
        DataFetchingEnvironment env = context == null ? null : context.unwrap(DataFetchingEnvironment.class);
        return env == null ? null : env.getSelectionSet();
    }
}
