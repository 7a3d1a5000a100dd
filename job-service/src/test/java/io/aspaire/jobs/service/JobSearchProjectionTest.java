package io.aspaire.jobs.service;

import static io.aspaire.jobs.support.TestSupport.graphql;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * jobs, job and _entities read only the columns of the Job fields the operation selects (the API hands JobSearch the
 * selection); JobsQueryTest checks that every field still answers what it answers in the whole Job.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class JobSearchProjectionTest {

    @Inject
    JobSearch search;

    final String token = TestJwt.forUser(UUID.randomUUID());

    @Test
    void eachReadSelectsTheColumnsOfTheSelectedFields() {
        String id = UUID.randomUUID().toString();
        graphql(token, "{ jobs(first: 1) { items { id title } hasMore } }", Map.of()).body("errors", nullValue());
        graphql(token, "query($id: ID!) { job(id: $id) { company } }", Map.of("id", id));
        graphql(token, "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { location } } }",
                Map.of("r", List.of(Map.of("__typename", "Job", "id", id)))).body("errors", nullValue());
        var read = search.projectionsRead();
        for (ListingColumn field : List.of(ListingColumn.TITLE, ListingColumn.COMPANY, ListingColumn.LOCATION)) {
            assertTrue(read.contains(EnumSet.of(ListingColumn.ID, ListingColumn.SORT_AT, field)),
                    "a read of " + field + " alone: " + read);
        }
    }
}
