package io.aspaire.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.aspaire.jobs.domain.Job;

/** JobSearch's projection knows every field of Job, and reads everything when it cannot tell what is asked. */
class ListingColumnTest {

    @Test
    void everyFieldOfJobHasItsColumns() {
        Set<String> fields = Arrays.stream(Job.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        assertEquals(fields, ListingColumn.BY_FIELD.keySet());
    }

    @Test
    void anUnknownSelectionReadsEveryColumn() {
        assertEquals(ListingColumn.ALL, ListingColumn.forFields(null));
        assertEquals(ListingColumn.ALL, ListingColumn.forFields(Set.of("title", "somethingNew")));
        Set<ListingColumn> narrow = ListingColumn.forFields(Set.of("title", "__typename"));
        assertEquals(Set.of(ListingColumn.ID, ListingColumn.SORT_AT, ListingColumn.TITLE), narrow);
        assertTrue(ListingColumn.forFields(Set.of("seenOn")).contains(ListingColumn.SOURCE));
    }
}
