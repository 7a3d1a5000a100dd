package io.aspaire.jobs.service;

import java.util.Set;
import java.util.StringJoiner;

/** A select list of ListingColumns, in their declaration order, and each column's position in a row of it. */
final class ListingColumns {

    private final int[] position = new int[ListingColumn.VALUES.size()];
    private final String selectList;
    private final int size;

    ListingColumns(Set<ListingColumn> columns) {
        StringJoiner list = new StringJoiner(", ");
        int n = 0;
        for (ListingColumn c : ListingColumn.VALUES) {
            if (columns.contains(c)) {
                list.add(c.sql);
                position[c.ordinal()] = n++;
            } else {
                position[c.ordinal()] = -1;
            }
        }
        this.selectList = list.toString();
        this.size = n;
    }

    String selectList() {
        return selectList;
    }

    /** How many columns the select list has (the next position is free for a statement's own column). */
    int size() {
        return size;
    }

    boolean has(ListingColumn c) {
        return position[c.ordinal()] >= 0;
    }

    /** The column's value in a row of this select list; null when it was not read. */
    Object value(Object[] row, ListingColumn c) {
        int p = position[c.ordinal()];
        return p < 0 ? null : row[p];
    }
}
