package io.aspaire.jobs.api;

import static io.aspaire.jobs.support.TestSupport.graphql;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.Salary;
import io.aspaire.jobs.service.Fingerprints;
import io.aspaire.jobs.service.ListingStore;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Query.jobs with every filter and with paging over 150 generated listings (all carrying a token no other test uses,
 * so the expected rows are known exactly), Query.job, the federation entity resolver and the subgraph SDL.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class JobsQueryTest {

    static final int N = 150;
    static final String TOKEN = "qz" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final Instant BASE = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    static boolean seeded;

    static final String JOBS = """
            query($f: JobFilter, $after: String, $first: Int!) {
              jobs(filter: $f, after: $after, first: $first) {
                items { id externalId title source seenOn remote jobType salaryMin location postedAt firstSeen }
                nextCursor hasMore } }""";

    @Inject
    ListingStore store;

    final String token = TestJwt.forUser(UUID.randomUUID());

    static boolean remote(int i) {
        return i % 3 == 0;
    }

    static String jobType(int i) {
        return List.of("FULL_TIME", "CONTRACT", "PART_TIME").get(i % 3);
    }

    static BigDecimal salaryMin(int i) {
        return i % 10 == 0 ? null : BigDecimal.valueOf(40_000 + i * 1_000L);
    }

    static Instant postedAt(int i) {
        return i % 25 == 0 ? null : BASE.minus(Duration.ofHours(i));
    }

    static String location(int i) {
        return List.of("Berlin, Germany", "Austin, TX", "Lisbon, Portugal").get(i % 3);
    }

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        List<NormalizedJob> jobs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String source = i % 2 == 0 ? RemotiveSource.NAME : SerpApiSource.NAME;
            String title = "Engineer " + TOKEN + " " + i;
            BigDecimal min = salaryMin(i);
            Salary salary = min == null ? Salary.NONE : new Salary(min, min.add(BigDecimal.valueOf(20_000)), "USD", "YEAR", "x");
            jobs.add(new NormalizedJob(source, TOKEN + "-" + i, Fingerprints.of(title, "Co " + i, location(i), remote(i)),
                    title, "Co " + i, location(i), remote(i), jobType(i), salary,
                    (i % 2 == 0 ? "kotlin services" : "golang tooling") + " at " + TOKEN, null, List.of("t"),
                    List.of(), List.of(), "https://jobs.example/" + i, postedAt(i), "{}"));
        }
        TestSupport.join(() -> Panache.withTransaction(() -> store.upsert(jobs, Instant.now())));
        seeded = true;
    }

    /** Pages through jobs with this filter; checks the order and returns the external ids seen. */
    List<String> all(Map<String, Object> filter, int pageSize) {
        List<String> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<String> uuids = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 200; guard++) {
            Map<String, Object> vars = new HashMap<>();
            vars.put("f", filter);
            vars.put("after", after);
            vars.put("first", pageSize);
            JsonPath page = graphql(token, JOBS, vars).body("errors", nullValue()).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("data.jobs.items");
            assertTrue(items.size() <= pageSize);
            for (Map<String, Object> item : items) {
                ids.add((String) item.get("externalId"));
                uuids.add((String) item.get("id"));
                Object posted = item.get("postedAt");
                times.add(Instant.parse((String) (posted != null ? posted : item.get("firstSeen"))));
            }
            after = page.getString("data.jobs.nextCursor");
            assertEquals(after != null, page.getBoolean("data.jobs.hasMore"));
            if (after == null) {
                break;
            }
        }
        for (int i = 1; i < times.size(); i++) {
            int cmp = times.get(i - 1).compareTo(times.get(i));
            assertTrue(cmp > 0 || (cmp == 0 && uuids.get(i - 1).compareTo(uuids.get(i)) > 0),
                    "most recent first, then id: " + times.get(i - 1) + " / " + times.get(i));
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no listing twice across pages");
        return ids;
    }

    static Set<String> expected(IntPredicate p) {
        Set<String> out = new HashSet<>();
        IntStream.range(0, N).filter(p).forEach(i -> out.add(TOKEN + "-" + i));
        return out;
    }

    static Map<String, Object> filter(Object... kv) {
        Map<String, Object> f = new HashMap<>();
        f.put("text", TOKEN);
        for (int i = 0; i < kv.length; i += 2) {
            f.put((String) kv[i], kv[i + 1]);
        }
        return f;
    }

    @Test
    void pagingWalksEveryListingOnceMostRecentFirst() {
        List<String> ids = all(filter(), 7);
        assertEquals(expected(i -> true), new HashSet<>(ids));
        // the listings without a posting date sort by first seen (now): they come first
        assertEquals(expected(i -> i % 25 == 0), new HashSet<>(ids.subList(0, 6)));
    }

    @Test
    void eachFilterReturnsExactlyTheMatchingRows() {
        assertEquals(expected(i -> i % 2 == 0), new HashSet<>(all(filter("text", TOKEN + " kotlin"), 40)));
        assertEquals(expected(i -> i % 3 == 0), new HashSet<>(all(filter("location", "berlin"), 40)));
        assertEquals(expected(JobsQueryTest::remote), new HashSet<>(all(filter("remote", true), 40)));
        assertEquals(expected(i -> !remote(i)), new HashSet<>(all(filter("remote", false), 40)));
        assertEquals(expected(i -> jobType(i).equals("CONTRACT")), new HashSet<>(all(filter("jobType", "CONTRACT"), 40)));
        assertEquals(expected(i -> salaryMin(i) != null && salaryMin(i).intValue() + 20_000 >= 150_000),
                new HashSet<>(all(filter("salaryMin", 150000), 40)));
        Instant cutoff = BASE.minus(Duration.ofHours(50));
        assertEquals(expected(i -> postedAt(i) == null || !postedAt(i).isBefore(cutoff)),
                new HashSet<>(all(filter("postedAfter", cutoff.toString()), 40)));
        assertEquals(expected(i -> i % 2 == 1), new HashSet<>(all(filter("source", "SERPAPI"), 40)));
        assertEquals(expected(i -> i % 2 == 1 && remote(i) && jobType(i).equals("FULL_TIME")),
                new HashSet<>(all(filter("source", "SERPAPI", "remote", true, "jobType", "FULL_TIME"), 5)));
    }

    @Test
    void badArgumentsAreClearErrors() {
        graphql(token, JOBS, Map.of("f", filter(), "after", "not-a-cursor", "first", 5))
                .body("errors[0].extensions.code", is("BAD_REQUEST"))
                .body("errors[0].message", containsString("cursor"));
        graphql(token, JOBS, Map.of("f", filter(), "first", 500)).body("errors[0].extensions.code", is("BAD_REQUEST"));
        graphql(token, JOBS, Map.of("f", filter("jobType", "ASTRONAUT"), "first", 5))
                .body("errors[0].extensions.code", is("BAD_REQUEST"));
        graphql(null, JOBS, Map.of("f", filter(), "first", 5)).body("errors[0].extensions.code", is("UNAUTHENTICATED"));
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .header("Authorization", "Bearer " + TestJwt.expired(UUID.randomUUID()))
                .body(Map.of("query", JOBS, "variables", Map.of("f", filter(), "first", 5)))
                .post("/graphql").then().statusCode(401);
    }

    @Test
    void jobByIdAndBatchEntityResolutionInOrder() {
        List<Map<String, Object>> items = graphql(token, JOBS, Map.of("f", filter(), "first", 3)).extract().jsonPath()
                .getList("data.jobs.items");
        String a = (String) items.get(0).get("id");
        String b = (String) items.get(2).get("id");
        graphql(token, "query($id: ID!) { job(id: $id) { id title } }", Map.of("id", a)).body("data.job.id", is(a));
        graphql(token, "query($id: ID!) { job(id: $id) { id } }", Map.of("id", UUID.randomUUID().toString()))
                .body("errors[0].extensions.code", is("NOT_FOUND"));
        String unknown = UUID.randomUUID().toString();
        graphql(token, """
                query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id title } } }""",
                Map.of("r", List.of(Map.of("__typename", "Job", "id", b), Map.of("__typename", "Job", "id", unknown),
                        Map.of("__typename", "Job", "id", a))))
                .body("errors", nullValue())
                .body("data._entities[0].id", is(b))
                .body("data._entities[1]", nullValue())
                .body("data._entities[2].id", is(a));
    }

    static final List<String> JOB_FIELDS = List.of("id", "source", "seenOn", "externalId", "title", "company",
            "location", "remote", "jobType", "salaryMin", "salaryMax", "salaryCurrency", "salaryPeriod", "salaryText",
            "description", "descriptionHtml", "tags", "highlights { title items }", "applyUrl",
            "applyLinks { title link }", "postedAt", "firstSeen", "lastSeen");

    /**
     * JobSearch reads only the columns of the selected fields: each field asked alone (and with others, under an
     * alias, through jobs, job and _entities) answers what it answers in the whole Job, for a listing where every
     * field has a value.
     */
    @Test
    void eachFieldAnswersTheSameWhateverElseIsSelected() {
        String rich = TOKEN + "rich";
        TestSupport.join(() -> Panache.withTransaction(() -> store.upsert(List.of(new NormalizedJob(
                SerpApiSource.NAME, rich, Fingerprints.of("Rich " + rich, "Rich Co", "Porto", true), "Rich " + rich,
                "Rich Co", "Porto", true, "CONTRACT", new Salary(BigDecimal.valueOf(50_000), BigDecimal.valueOf(60_000),
                        "EUR", "YEAR", "50-60k"), "plain " + rich, "<p>html</p>", List.of("a", "b"),
                List.of(new io.aspaire.jobs.domain.Highlight("Perks", List.of("x", "y"))),
                List.of(new io.aspaire.jobs.domain.ApplyLink("Apply", "https://apply.example/" + rich)),
                "https://jobs.example/" + rich, BASE, "{}")), Instant.now())));
        String all = String.join(" ", JOB_FIELDS);
        Map<String, Object> textFilter = Map.of("text", rich);
        Map<String, Object> whole = graphql(token, "query($f: JobFilter) { jobs(filter: $f, first: 1) { items { "
                + all + " } } }", Map.of("f", textFilter)).body("errors", nullValue()).extract().jsonPath()
                .getMap("data.jobs.items[0]");
        String id = (String) whole.get("id");
        for (Map.Entry<String, Object> e : whole.entrySet()) {
            assertTrue(e.getValue() != null, "the rich listing has a value for every field: " + whole);
        }
        assertEquals(List.of("Rich " + rich, "Rich Co", "Porto", "plain " + rich, "<p>html</p>", List.of("a", "b"),
                rich, "CONTRACT", "https://jobs.example/" + rich, List.of("SERPAPI"), true),
                List.of(whole.get("title"), whole.get("company"), whole.get("location"), whole.get("description"),
                        whole.get("descriptionHtml"), whole.get("tags"), whole.get("externalId"),
                        whole.get("jobType"), whole.get("applyUrl"), whole.get("seenOn"), whole.get("remote")));
        for (String field : JOB_FIELDS) {
            String name = field.split(" ")[0];
            Object expected = whole.get(name);
            assertEquals(expected, graphql(token, "query($f: JobFilter) { jobs(filter: $f, first: 1) { items { "
                    + field + " } } }", Map.of("f", textFilter)).body("errors", nullValue()).extract().jsonPath()
                    .get("data.jobs.items[0]." + name), "jobs { " + field + " }");
            assertEquals(expected, graphql(token, "query($id: ID!) { job(id: $id) { x: " + field + " title } }",
                    Map.of("id", id)).body("errors", nullValue()).extract().jsonPath().get("data.job.x"),
                    "job { " + field + " }");
            assertEquals(expected, graphql(token, "query($r: [_Any!]!) { _entities(representations: $r) { "
                    + "__typename ... on Job { " + field + " } } }",
                    Map.of("r", List.of(Map.of("__typename", "Job", "id", id)))).body("errors", nullValue())
                    .extract().jsonPath().get("data._entities[0]." + name), "_entities { " + field + " }");
        }
    }

    /**
     * A listing with a long description keeps its tsvector in the heap row (V5): a full-text walk tests each row's
     * vector, and one moved to the TOAST table costs an index probe and several chunk reads per row walked.
     */
    @Test
    void aLongListingKeepsItsSearchVectorInTheRow() {
        String external = TOKEN + "long";
        StringBuilder description = new StringBuilder("long " + external);
        for (int i = 0; i < 400; i++) {
            // ~400 distinct words that share little (a hash in base 36), as a real vocabulary: a ~5 kB vector that
            // compression does not shrink, the kind the default storage moves out of line
            description.append(" w").append(Long.toString((i + 1) * 2_654_435_761L % 1_000_000_007L, 36));
        }
        TestSupport.join(() -> Panache.withTransaction(() -> store.upsert(List.of(new NormalizedJob(
                SerpApiSource.NAME, external, Fingerprints.of("Long " + external, "Long Co", "Oslo", false),
                "Long " + external, "Long Co", "Oslo", false, "FULL_TIME", Salary.NONE, description.toString(),
                "<p>" + description + "</p>", List.of(), List.of(), List.of(), "https://jobs.example/" + external,
                BASE, "{\"text\": \"" + description + "\"}")), Instant.now())));
        List<Object[]> row = TestSupport.rows("select cast(pg_column_size(search_vector) as int),"
                + " cast(pg_column_toast_chunk_id(search_vector) as text) from job_listings where external_id = ?1",
                external);
        assertEquals(1, row.size());
        assertTrue(((Number) row.get(0)[0]).intValue() > 2_000, "a vector the default storage moves out of line");
        assertEquals(null, row.get(0)[1], "the vector is in the row, not in the TOAST table");
    }

    @Test
    void subgraphSdlDeclaresTheJobEntity() throws Exception {
        String sdl = graphql(null, "{ _service { sdl } }", Map.of()).extract().jsonPath().getString("data._service.sdl");
        assertTrue(sdl.contains("specs.apollo.dev/federation/v2.7"), sdl);
        assertTrue(sdl.matches("(?s).*type Job @key\\(fields ?: ?\"id\"\\).*"), sdl);
        Files.writeString(Path.of("target", "job-service.graphql"), sdl);
    }
}
