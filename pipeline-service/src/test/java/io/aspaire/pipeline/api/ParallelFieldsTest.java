package io.aspaire.pipeline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.pipeline.support.Gql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Sibling fields of one query run at the same time (several root fields, the batch fields of a page): each fetcher
 * has a session of its own, so none of them fails on a session another one is using (HR000061, "Illegal pop()"),
 * also with many such queries at once.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ParallelFieldsTest {

    static final String QUERY = "query($u: ID!, $j: ID!) {"
            + " a: pipelineJobs(userId: $u) { totalCount items { id stage history { to } } }"
            + " b: pipelineJobs(userId: $u, stage: APPLIED) { items { id history { to } } }"
            + " c: pipelineStats(userId: $u) { total }"
            + " d: reminders { id }"
            + " e: jobNotes(jobId: $j) { content }"
            + " f: reminders(jobId: $j) { id }"
            + " g: pipelineStats(userId: $u) { total } }";

    @Test
    void siblingFieldsEachGetTheirOwnSession() throws Exception {
        Gql user = Gql.newUser();
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID job = UUID.randomUUID();
            jobs.add(job);
            user.saveJob(job, i % 2 == 0 ? "APPLIED" : null);
        }
        String first = jobs.get(0).toString();
        user.ok("mutation($j: ID!) { addJobNote(jobId: $j, content: \"n\") { id } }", "j", first);
        user.ok("mutation($j: ID!) { setReminder(jobId: $j, datetime: \"2030-01-01T00:00:00Z\") { id } }", "j", first);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(pool.submit(() -> user.call(QUERY, "u", user.userId.toString(), "j", first)));
            }
            for (Future<JsonPath> call : calls) {
                JsonPath json = call.get();
                assertNull(json.get("errors"), json.prettify());
                assertEquals(4, json.getInt("data.a.totalCount"));
                assertEquals(4, json.getList("data.a.items").size());
                assertEquals(List.of("SAVED"), json.getList("data.a.items[0].history.to"));
                assertEquals(2, json.getList("data.b.items").size());
                assertEquals(List.of("APPLIED"), json.getList("data.b.items[0].history.to"));
                assertEquals(4, json.getInt("data.c.total"));
                assertEquals(4, json.getInt("data.g.total"));
                assertEquals(1, json.getList("data.d").size());
                assertEquals(List.of("n"), json.getList("data.e.content"));
                assertEquals(1, json.getList("data.f").size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
