package io.aspaire.jobs.service;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.join;
import static io.aspaire.jobs.support.TestSupport.rows;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.JobCacheEntry;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.service.Fingerprints;
import io.aspaire.jobs.service.IngestionService;
import io.aspaire.jobs.service.JobCache;
import io.aspaire.jobs.service.RunLock;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.errors.ConflictException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Ingestion against WireMock-played sources and the real PostgreSQL and Mongo server. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class IngestionTest {

    static final String BACKEND_COMPANIES = "('Acme Inc.', 'Café Société GmbH', 'Globex', 'Initech', 'ACME', 'Umbrella Corp')";

    @Inject
    io.aspaire.jobs.service.JobSearch search;
    @Inject
    IngestionService ingestion;
    @Inject
    ListingStore store;
    @Inject
    RunLock lock;
    @Inject
    JobCache cache;
    @Inject
    SearchQueryService queries;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeEach
    void closedCircuitsAndNoRunInProgress() {
        CircuitBreakerMaintenance.get().resetAll();
        // a run started through the API goes on in the background: the next test starts when it has released the lock
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !TestSupport.join(() -> lock.isHeld()));
    }

    private static int requests(RequestPatternBuilder pattern) {
        return WireMockSources.server().countRequestsMatching(pattern.build()).getCount();
    }

    private static RequestPatternBuilder remotive(String search) {
        return getRequestedFor(urlPathEqualTo("/api/remote-jobs")).withQueryParam("search", equalTo(search));
    }

    private static RequestPatternBuilder serpapi(String q) {
        return getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", WireMock.containing(q));
    }

    @Test
    void ingestingTheSamePayloadsThreeTimesCreatesNoRowAndOneJobOnBothSourcesIsOneCanonicalListing() {
        SearchSpec backend = new SearchSpec("backend", "", false);
        int calls = requests(remotive("backend"));
        IngestionReport first = TestSupport.join(() -> ingestion.ingest(List.of(backend), false));
        long rowsAfterFirst = count("select count(*) from job_listings where company in " + BACKEND_COMPANIES);
        IngestionReport second = TestSupport.join(() -> ingestion.ingest(List.of(backend), false));
        IngestionReport third = TestSupport.join(() -> ingestion.ingest(List.of(backend), false));

        assertEquals(calls + 3, requests(remotive("backend")), "every run really called Remotive");
        // 4 Remotive jobs (one without title skipped) + 3 SerpAPI jobs over 2 pages (one without title skipped)
        assertEquals(7L, rowsAfterFirst);
        assertEquals(rowsAfterFirst, count("select count(*) from job_listings where company in " + BACKEND_COMPANIES));
        for (IngestionReport r : List.of(first, second, third)) {
            assertEquals(SourceStatus.OK, r.source(RemotiveSource.NAME).status(), r.toString());
            assertEquals(SourceStatus.OK, r.source(SerpApiSource.NAME).status(), r.toString());
            assertEquals(4, r.source(RemotiveSource.NAME).fetched());
            assertEquals(3, r.source(SerpApiSource.NAME).fetched());
        }
        for (IngestionReport r : List.of(second, third)) {
            assertEquals(0, r.source(RemotiveSource.NAME).created() + r.source(SerpApiSource.NAME).created());
            assertEquals(0, r.source(RemotiveSource.NAME).updated() + r.source(SerpApiSource.NAME).updated(),
                    "Remotive content and SerpAPI's first-seen posting date do not change between runs");
        }

        // the job on both sources: two rows, one canonical listing
        List<Object[]> acme = rows("select source, cast(id as text), cast(canonical_id as text) from job_listings "
                + "where title = 'Senior Backend Engineer' and company in ('Acme Inc.', 'ACME') order by first_seen, id");
        assertEquals(2, acme.size());
        assertEquals(acme.get(0)[2], acme.get(1)[2]);
        assertEquals(6L, count("select count(*) from job_listings where id = canonical_id and company in "
                + BACKEND_COMPANIES));
        // and jobs lists it once: only canonical listings are listed (the stored flag, V4__canonical_flag.sql)
        io.aspaire.jobs.domain.JobFilter text = new io.aspaire.jobs.domain.JobFilter();
        text.text = "Senior Backend Engineer";
        List<String> listed = TestSupport.join(() -> search.search(text, null, 100)).items().stream()
                .filter(j -> j.title().equals("Senior Backend Engineer")
                        && List.of("Acme Inc.", "ACME").contains(j.company()))
                .map(io.aspaire.jobs.domain.Job::id).toList();
        assertEquals(List.of(acme.get(0)[2]), listed);

        // the dedup metadata in job_cache (Mongo)
        String fp = Fingerprints.of("Senior Backend Engineer", "ACME", "Anywhere", true);
        JobCacheEntry meta = TestSupport.join(() -> cache.fingerprint(fp)).orElseThrow();
        assertEquals(acme.get(0)[2], meta.canonicalId);
        assertTrue(meta.members.contains("REMOTIVE:1901001"), meta.members.toString());
        assertTrue(meta.members.stream().anyMatch(m -> m.startsWith("SERPAPI:")), meta.members.toString());
    }

    @Test
    void aListingWhoseFingerprintComesToMatchAnEarlierOneIsLinkedToItAndAWrongLinkIsRepaired() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        NormalizedJob first = listing(RemotiveSource.NAME, "first-" + run, "Linking Engineer " + run, "Link Co " + run);
        NormalizedJob other = listing(SerpApiSource.NAME, "other-" + run, "Other Engineer " + run, "Link Co " + run);
        join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(List.of(first), t0)));
        join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(List.of(other), t0.plusSeconds(60))));
        String firstId = id(first);
        String otherId = id(other);
        assertEquals(otherId, canonicalOf(otherId), "a fingerprint of its own: its own canonical listing");

        // the second source's listing is edited into the same job: the insert's prediction does not apply (the row
        // exists), the linking step must point it to the listing first seen
        NormalizedJob edited = listing(SerpApiSource.NAME, "other-" + run, "Linking Engineer " + run, "Link Co " + run);
        var result = join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(List.of(edited), Instant.now())));
        assertEquals(firstId, canonicalOf(otherId));
        assertEquals(firstId, canonicalOf(firstId));
        assertEquals(firstId, result.canonicalByFingerprint().get(edited.fingerprint()));

        // a listing whose link went wrong (any cause) is repaired by the next upsert of its fingerprint
        count("with u as (update job_listings set canonical_id = gen_random_uuid() where id = cast(?1 as uuid) "
                + "returning 1) select count(*) from u", firstId);
        join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(List.of(first), Instant.now())));
        assertEquals(firstId, canonicalOf(firstId));
        assertEquals(firstId, canonicalOf(otherId));
    }

    @Test
    void anUpsertOfSeveralStatementsStoresAndAnnouncesEachListingOnce() {
        // three statements' worth in one call: the second and third chunks are prepared while the one before runs
        String run = UUID.randomUUID().toString().substring(0, 8);
        int n = 2 * ListingStore.BATCH + 7;
        List<NormalizedJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(listing(RemotiveSource.NAME, "chunked-" + run + "-" + i, "Chunked Engineer " + run + " " + i,
                    "Chunk Co " + run));
        }
        var first = join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(jobs, Instant.now())));
        assertEquals(List.of(n, 0, 0, n), List.of(first.created(), first.updated(), first.unchanged(),
                first.canonicalCreated()));
        String stored = "select cast(id as text) from job_listings where external_id like '" + "chunked-" + run
                + "-%'";
        assertEquals(n, count("select count(*) from (" + stored + ") s"));
        // one JobIngested per listing, about the row stored for it
        assertEquals(n, count("select count(distinct record_key) from outbox_events where event_type = 'JobIngested'"
                + " and record_key in (" + stored + ")"));
        assertEquals(n, count("select count(*) from outbox_events where event_type = 'JobIngested' and record_key in ("
                + stored + ")"));
        NormalizedJob last = jobs.get(n - 1);
        assertEquals(id(last), first.canonicalByFingerprint().get(last.fingerprint()));

        // the same listings again, one of the second chunk edited: one update, announced about the stored row
        NormalizedJob edited = listing(RemotiveSource.NAME, "chunked-" + run + "-" + (ListingStore.BATCH + 3),
                "Chunked Engineer " + run + " edited", "Chunk Co " + run);
        List<NormalizedJob> again = new java.util.ArrayList<>(jobs);
        again.set(ListingStore.BATCH + 3, edited);
        var second = join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> store.upsert(again, Instant.now())));
        assertEquals(List.of(0, 1, n - 1, 0), List.of(second.created(), second.updated(), second.unchanged(),
                second.canonicalCreated()));
        assertEquals(n, count("select count(*) from (" + stored + ") s"));
        assertEquals(1, count("select count(*) from outbox_events where event_type = 'JobUpdated' and record_key = ?1",
                id(edited)));
        assertEquals(1, count("select count(*) from outbox_events where event_type = 'JobUpdated' and record_key in ("
                + stored + ")"));
    }

    @Test
    void aBatchSplitIntoPartitionsCommitsEachAloneAndStoringItAgainStoresTheRestAnnouncingEachListingOnce() {
        int parts = store.partitions();
        assertTrue(parts >= 2, "batches are split (aspaire.jobs.ingestion.partitions), was " + parts);
        String run = UUID.randomUUID().toString().substring(0, 8);
        int n = 2 * ListingStore.MIN_PARTITION * parts;
        List<NormalizedJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(listing(RemotiveSource.NAME, "parted-" + run + "-" + i, "Partitioned Engineer " + run + " " + i,
                    "Part Co " + run));
        }
        // a listing whose raw payload PostgreSQL refuses (not JSON): the transaction of its partition fails
        NormalizedJob ok = jobs.get(0);
        NormalizedJob broken = new NormalizedJob(ok.source(), ok.externalId(), ok.fingerprint(), ok.title(),
                ok.company(), ok.location(), ok.remote(), ok.jobType(), ok.salary(), ok.description(),
                ok.descriptionHtml(), ok.tags(), ok.highlights(), ok.applyLinks(), ok.applyUrl(), ok.postedAt(),
                "{not json");
        int failing = ListingStore.partitionOf(broken.fingerprint(), parts);
        int lost = (int) jobs.stream().filter(j -> ListingStore.partitionOf(j.fingerprint(), parts) == failing).count();
        assertTrue(lost > 0 && lost < n, lost + " of " + n + " in the failing partition");
        List<NormalizedJob> withBroken = new java.util.ArrayList<>(jobs);
        withBroken.set(0, broken);
        String stored = "select cast(id as text) from job_listings where external_id like 'parted-" + run + "-%'";
        String ingested = "select count(*) from outbox_events where event_type = 'JobIngested' and record_key in ("
                + stored + ")";

        ListingStore.Stored first = join(() -> store.store(withBroken, Instant.now()));
        assertNotNull(first.failure(), "the failing partition's failure is reported");
        // the other partitions committed, alone: their listings stored and announced, none of the failing one
        assertEquals(List.of(n - lost, 0, 0, n - lost), List.of(first.result().created(), first.result().updated(),
                first.result().unchanged(), first.result().canonicalCreated()));
        assertEquals(n - lost, first.jobs().size());
        assertTrue(first.jobs().stream().noneMatch(j -> ListingStore.partitionOf(j.fingerprint(), parts) == failing));
        assertEquals(n - lost, count("select count(*) from (" + stored + ") s"));
        assertEquals(n - lost, count(ingested));
        assertEquals(0, count("select count(*) from job_listings where source = ?1 and external_id = ?2",
                broken.source(), broken.externalId()));

        // the same batch again (a retry of the run, the listing now readable): the rest is stored; each listing is
        // stored and announced once in all
        ListingStore.Stored again = join(() -> store.store(jobs, Instant.now()));
        assertNull(again.failure());
        assertEquals(List.of(lost, 0, n - lost, lost), List.of(again.result().created(), again.result().updated(),
                again.result().unchanged(), again.result().canonicalCreated()));
        assertEquals(n, again.jobs().size());
        assertEquals(n, count("select count(*) from (" + stored + ") s"));
        assertEquals(n, count(ingested));
        assertEquals(n, count("select count(distinct record_key) from outbox_events where event_type = 'JobIngested'"
                + " and record_key in (" + stored + ")"));
        assertEquals(0, count("select count(*) from outbox_events where event_type = 'JobUpdated' and record_key in ("
                + stored + ")"));
        assertEquals(id(ok), again.result().canonicalByFingerprint().get(ok.fingerprint()));
    }

    private static NormalizedJob listing(String source, String externalId, String title, String company) {
        return new NormalizedJob(source, externalId, Fingerprints.of(title, company, "Berlin, Germany", false), title,
                company, "Berlin, Germany", false, "FULL_TIME", io.aspaire.jobs.domain.Salary.NONE,
                "Links listings.", "<p>Links listings.</p>", List.of("sql"), List.of(), List.of(),
                "https://jobs.example/" + externalId, null, "{}");
    }

    private static String id(NormalizedJob j) {
        return rows("select cast(id as text), 1 from job_listings where source = ?1 and external_id = ?2", j.source(),
                j.externalId()).get(0)[0].toString();
    }

    private static String canonicalOf(String id) {
        return rows("select cast(canonical_id as text), 1 from job_listings where id = cast(?1 as uuid)", id).get(0)[0]
                .toString();
    }

    private double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRunThatAddsATenthOfTheTableRefreshesItsPlannerStatisticsAndASmallOneDoesNot() throws Exception {
        assertEquals(true, join(() -> store.refreshStatisticsAfter(Integer.MAX_VALUE)), "more rows than the table");
        long rows = count("select count(*) from job_listings");
        String since = rows("select cast(clock_timestamp() as text), 1").get(0)[0].toString();
        assertEquals(false, join(() -> store.refreshStatisticsAfter((int) (rows / 20))),
                "a twentieth of " + rows + " rows: the statistics still hold");
        assertEquals(0, count("select count(*) from pg_stat_user_tables where relname = 'job_listings' and "
                + "last_analyze > cast(cast(?1 as text) as timestamptz)", since));

        // an ingestion run that stores a fifth of the table more: the run itself has PostgreSQL analyze it
        int fresh = (int) Math.max(5, rows / 5 + 1);
        String search = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> listings = new java.util.ArrayList<>();
        for (int i = 0; i < fresh; i++) {
            listings.add(Map.of("id", 4_200_000 + (int) (Math.random() * 1_000_000), "url",
                    "https://remotive.com/remote-jobs/software-dev/" + search + "-" + i, "title", "Statistics Engineer "
                            + search + " " + i, "company_name", "Analyze Inc " + i, "category", "Software Development",
                    "tags", List.of("java"), "job_type", "full_time", "publication_date", "2026-01-10T14:12:58",
                    "candidate_required_location", "Worldwide", "description", "<p>Planner statistics.</p>"));
        }
        WireMockSources.server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/remote-jobs"))
                .withQueryParam("search", equalTo(search)).willReturn(WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(new com.fasterxml.jackson.databind
                                .ObjectMapper().writeValueAsString(Map.of("job-count", fresh, "jobs", listings)))));
        IngestionReport run = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec(search, "", false)),
                false));
        assertEquals(fresh, run.source(RemotiveSource.NAME).created(), run.toString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from "
                + "pg_stat_user_tables where relname = 'job_listings' and last_analyze > cast(cast(?1 as text) as "
                + "timestamptz)", since) == 1);
    }

    @Test
    void metricsCountRunsPerOutcomeAndListingsPerSource() {
        double runs = counter("aspaire.jobs.ingestion.runs", "outcome", "completed");
        double fetched = counter("aspaire.jobs.listings.fetched", "source", RemotiveSource.NAME);
        double serpFetched = counter("aspaire.jobs.listings.fetched", "source", SerpApiSource.NAME);
        TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("backend", "", false)), false));
        assertEquals(runs + 1, counter("aspaire.jobs.ingestion.runs", "outcome", "completed"));
        assertEquals(fetched + 4, counter("aspaire.jobs.listings.fetched", "source", RemotiveSource.NAME));
        assertEquals(serpFetched + 3, counter("aspaire.jobs.listings.fetched", "source", SerpApiSource.NAME));
        assertNotNull(registry.find("aspaire.jobs.listings.ingested").tag("source", RemotiveSource.NAME).counter());
        assertNotNull(registry.find("aspaire.jobs.listings.deduplicated").tag("source", SerpApiSource.NAME).counter());

        // exposed for Prometheus (beside the platform's common tags)
        List<String> exposed = List.of(io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .extract().asString().split("\n"));
        assertTrue(exposed.stream().anyMatch(l -> l.startsWith("aspaire_jobs_listings_fetched_total{")
                && l.contains("source=\"REMOTIVE\"")), "no fetched counter for REMOTIVE on /q/metrics");
        assertTrue(exposed.stream().anyMatch(l -> l.startsWith("aspaire_jobs_ingestion_runs_total{")
                && l.contains("outcome=\"completed\"")), "no completed-runs counter on /q/metrics");
    }

    @Test
    void normalizationParsesSalariesDatesHtmlAndNonAscii() {
        Instant before = Instant.now();
        TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("backend", "", false)), false));
        Object[] acme = rows("select salary_min, salary_max, salary_currency, salary_period, description_html, "
                + "description, job_type, remote, cast(tags as text), apply_url from job_listings "
                + "where source = 'REMOTIVE' and external_id = '1901001'").get(0);
        assertEquals(0, new BigDecimal("120000").compareTo((BigDecimal) acme[0]));
        assertEquals(0, new BigDecimal("150000").compareTo((BigDecimal) acme[1]));
        assertEquals("USD", acme[2]);
        assertEquals("YEAR", acme[3]);
        String html = (String) acme[4];
        assertFalse(html.contains("<script") || html.contains("onclick") || html.contains("javascript:")
                || html.contains("onerror"), html);
        assertTrue(html.contains("<b>reliable</b>"), html);
        assertTrue(((String) acme[5]).contains("Build reliable APIs & services."), (String) acme[5]);
        assertFalse(((String) acme[5]).contains("alert"), (String) acme[5]);
        assertEquals("FULL_TIME", acme[6]);
        assertEquals(Boolean.TRUE, acme[7]);
        assertTrue(((String) acme[8]).contains("kotlin"));

        Object[] dev = rows("select title, company, salary_min, salary_currency, salary_period, job_type, description "
                + "from job_listings where source = 'REMOTIVE' and external_id = '1901002'").get(0);
        assertEquals("Développeur Java – Zürich", dev[0]);
        assertEquals("Café Société GmbH", dev[1]);
        assertEquals(0, new BigDecimal("60000").compareTo((BigDecimal) dev[2]));
        assertEquals("EUR", dev[3]);
        assertEquals("YEAR", dev[4]);
        assertEquals("CONTRACT", dev[5]);
        assertTrue(((String) dev[6]).contains("Größe: 😀 日本語"), (String) dev[6]);

        // no id at the source: a stable id from title, company and location
        assertEquals(1L, count("select count(*) from job_listings where source = 'REMOTIVE' and external_id = ?1",
                Fingerprints.fallbackId("Support Engineer", "Initech", "Americas")));

        Object[] platform = rows("select salary_min, salary_max, salary_currency, salary_period, job_type, "
                + "cast(extract(epoch from posted_at) as bigint), cast(apply_links as text), remote, description_html "
                + "from job_listings where source = 'SERPAPI' and title = 'Platform Engineer'").get(0);
        assertEquals(0, new BigDecimal("50").compareTo((BigDecimal) platform[0]));
        assertEquals(0, new BigDecimal("60").compareTo((BigDecimal) platform[1]));
        assertEquals("USD", platform[2]);
        assertEquals("HOUR", platform[3]);
        assertEquals("CONTRACT", platform[4]);
        // "1 day ago", resolved against the first fetch (this JVM's first "backend" run)
        long posted = ((Number) platform[5]).longValue();
        assertTrue(posted <= before.minus(Duration.ofDays(1)).plusSeconds(5).getEpochSecond()
                && posted > before.minus(Duration.ofDays(1)).minusSeconds(600).getEpochSecond(), "posted " + posted);
        assertFalse(((String) platform[6]).contains("javascript"), (String) platform[6]);
        assertEquals(Boolean.FALSE, platform[7]);
        assertTrue(((String) platform[8]).contains("&lt;our&gt;"), (String) platform[8]);

        Object[] sre = rows("select salary_min, salary_max, salary_currency, external_id from job_listings "
                + "where source = 'SERPAPI' and company = 'Umbrella Corp'").get(0);
        assertEquals(0, new BigDecimal("70000").compareTo((BigDecimal) sre[0]));
        assertEquals(0, new BigDecimal("85000").compareTo((BigDecimal) sre[1]));
        assertEquals("EUR", sre[2]);
        assertTrue(((String) sre[3]).startsWith("h:"));
    }

    private static void assertFailedWhileOtherStored(SourceReport failed, SourceReport ok, String error,
            String storedTitle) {
        assertEquals(SourceStatus.FAILED, failed.status(), failed.toString());
        assertTrue(failed.error().contains(error), failed.error());
        assertEquals(SourceStatus.OK, ok.status(), ok.toString());
        assertEquals(1L, count("select count(*) from job_listings where title = ?1", storedTitle));
    }

    @Test
    void remotiveAnswering500IsRetriedThenReportedWhileSerpApiJobsAreStored() {
        int calls = requests(remotive("outage"));
        IngestionReport r = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("outage", "", false)), false));
        assertFailedWhileOtherStored(r.source(RemotiveSource.NAME), r.source(SerpApiSource.NAME), "HTTP 500",
                "Incident Commander");
        assertEquals(calls + 3, requests(remotive("outage")), "one call and two retries");
    }

    @Test
    void remotiveTimingOutIsReportedWhileSerpApiJobsAreStored() {
        IngestionReport r = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("slow", "", false)), false));
        assertFailedWhileOtherStored(r.source(RemotiveSource.NAME), r.source(SerpApiSource.NAME), "timed out",
                "Incident Commander");
    }

    @Test
    void remotiveRateLimitingIsReported() {
        IngestionReport r = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("throttled", "", false)), false));
        assertEquals(SourceStatus.FAILED, r.source(RemotiveSource.NAME).status());
        assertTrue(r.source(RemotiveSource.NAME).error().contains("HTTP 429"), r.source(RemotiveSource.NAME).error());
        assertEquals(SourceStatus.OK, r.source(SerpApiSource.NAME).status(), "SerpAPI's 'no results' is not an error");
        assertEquals(0, r.source(SerpApiSource.NAME).fetched());
    }

    @Test
    void serpApiAnswering503IsReportedWhileRemotiveJobsAreStored() {
        IngestionReport r = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("serpdown", "", false)), false));
        assertFailedWhileOtherStored(r.source(SerpApiSource.NAME), r.source(RemotiveSource.NAME), "HTTP 503",
                "Site Reliability Engineer (Remotive side)");
    }

    @Test
    void malformedAndEmptyResponsesAreReportedNotRetriedAndNotFatal() {
        int rem = requests(remotive("garbled"));
        int serp = requests(serpapi("garbled"));
        IngestionReport garbled = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("garbled", "", false)), false));
        assertEquals(SourceStatus.FAILED, garbled.source(RemotiveSource.NAME).status());
        assertTrue(garbled.source(RemotiveSource.NAME).error().contains("not JSON"), garbled.toString());
        assertEquals(SourceStatus.FAILED, garbled.source(SerpApiSource.NAME).status());
        assertTrue(garbled.source(SerpApiSource.NAME).error().contains("not an array"), garbled.toString());
        assertEquals(rem + 1, requests(remotive("garbled")), "an unusable body is not retried");
        assertEquals(serp + 1, requests(serpapi("garbled")));

        IngestionReport nothing = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("nothing", "", false)), false));
        for (SourceReport s : nothing.sources()) {
            assertEquals(SourceStatus.OK, s.status(), s.toString());
            assertEquals(0, s.fetched());
            assertNull(s.error());
        }
    }

    @Test
    void theSameSearchIsNotPaidForTwiceWithinTheCacheTtl() {
        SearchSpec lyon = new SearchSpec("backend", "Lyon", false);
        TestSupport.join(() -> cache.evict(RemotiveSource.NAME, lyon.key()));
        TestSupport.join(() -> cache.evict(SerpApiSource.NAME, lyon.key()));
        int serp = requests(serpapi("backend").withQueryParam("location", equalTo("Lyon")));
        IngestionReport first = TestSupport.join(() -> ingestion.ingest(List.of(lyon), true));
        assertEquals(serp + 2, requests(serpapi("backend").withQueryParam("location", equalTo("Lyon"))));
        int rem = requests(remotive("backend"));
        int serpAfter = requests(serpapi("backend"));
        IngestionReport second = TestSupport.join(() -> ingestion.ingest(List.of(lyon), true));
        assertEquals(rem, requests(remotive("backend")), "Remotive answered from job_cache");
        assertEquals(serpAfter, requests(serpapi("backend")), "SerpAPI answered from job_cache");
        assertEquals(first.source(SerpApiSource.NAME).fetched(), second.source(SerpApiSource.NAME).fetched());
        assertEquals(first.source(RemotiveSource.NAME).fetched(), second.source(RemotiveSource.NAME).fetched());
    }

    @Test
    void ingestDailyJobsTakesAnExplicitNullAllUsersAsTheCallersRun() {
        // the hostile suite's baseline: allUsers: null used to fail unboxing into a boolean (System error)
        String mutation = "mutation($all: Boolean) { ingestDailyJobs(allUsers: $all) "
                + "{ __typename id userId status startedAt } }";
        UUID user = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        Map<String, Object> allUsersNull = new java.util.HashMap<>();
        allUsersNull.put("all", null);
        String runId = TestSupport.graphql(token, mutation, allUsersNull)
                .body("errors", org.hamcrest.Matchers.nullValue())
                .body("data.ingestDailyJobs.__typename", is("IngestionRun"))
                .body("data.ingestDailyJobs.userId", is(user.toString()))
                .extract().jsonPath().getString("data.ingestDailyJobs.id");
        awaitCompleted(token, runId);
        TestSupport.graphql(token, mutation, Map.of("all", true))
                .body("errors[0].extensions.code", is("FORBIDDEN"));
    }

    static final String RUN = "query($id: ID!) { ingestionRun(id: $id) { id userId status startedAt finishedAt "
            + "queries error sources { source status fetched created updated error } } }";

    /** Polls ingestionRun until the run is no longer RUNNING; its last answer. */
    static io.restassured.path.json.JsonPath awaitCompleted(String token, String runId) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> TestSupport.graphql(token, RUN, Map.of("id", runId)).extract().jsonPath(),
                        json -> !"RUNNING".equals(json.getString("data.ingestionRun.status")));
    }

    @Test
    void ingestDailyJobsAnswersAtOnceAndTheRunReportsProgressThenFinalCountsToItsOwnerOnly() {
        UUID user = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        // Remotive is too slow for "slow" (three timed-out attempts: seconds), SerpAPI answers it at once
        TestSupport.join(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> queries.replace(
                user, "PREFERENCES", queries.specs(List.of("slow"), List.of(), false))));
        long t0 = System.nanoTime();
        io.restassured.path.json.JsonPath started = TestSupport.graphql(token,
                "mutation { ingestDailyJobs { id userId status startedAt } }", Map.of()).extract().jsonPath();
        long answeredMs = (System.nanoTime() - t0) / 1_000_000;
        assertNull(started.get("errors"), started.prettify());
        assertEquals("RUNNING", started.getString("data.ingestDailyJobs.status"));
        assertNotNull(started.getString("data.ingestDailyJobs.startedAt"));
        String runId = started.getString("data.ingestDailyJobs.id");
        System.out.println("job-service: ingestDailyJobs answered in " + answeredMs + " ms");

        // the answer came before the run's end (Remotive's timeouts alone take seconds): it is still RUNNING, with
        // its progress so far, and no second run starts anywhere
        io.restassured.path.json.JsonPath running = TestSupport.graphql(token, RUN, Map.of("id", runId)).extract()
                .jsonPath();
        assertEquals("RUNNING", running.getString("data.ingestionRun.status"), running.prettify());
        assertNull(running.get("data.ingestionRun.finishedAt"));
        // every source of the deployment, searched ones first (this user watches no board: theirs stay at zero)
        assertEquals(List.of(RemotiveSource.NAME, SerpApiSource.NAME, "ASHBY", "GREENHOUSE", "LEVER"),
                running.getList("data.ingestionRun.sources.source"));
        assertEquals("RUNNING", running.getString("data.ingestionRun.sources[0].status"), running.prettify());
        TestSupport.graphql(TestJwt.forUser(UUID.randomUUID()), "mutation { ingestDailyJobs { id } }", Map.of())
                .body("errors[0].extensions.code", is("CONFLICT"))
                .body("errors[0].message", containsString("already in progress"));

        // someone else's run: forbidden; an unknown run: not found
        TestSupport.graphql(TestJwt.forUser(UUID.randomUUID()), RUN, Map.of("id", runId))
                .body("errors[0].extensions.code", is("FORBIDDEN")).body("data.ingestionRun", nullValue());
        TestSupport.graphql(token, RUN, Map.of("id", UUID.randomUUID().toString()))
                .body("errors[0].extensions.code", is("NOT_FOUND"));

        io.restassured.path.json.JsonPath done = awaitCompleted(token, runId);
        assertEquals("COMPLETED", done.getString("data.ingestionRun.status"), done.prettify());
        assertNotNull(done.getString("data.ingestionRun.finishedAt"));
        assertEquals(1, done.getInt("data.ingestionRun.queries"));
        assertEquals("FAILED", done.getString("data.ingestionRun.sources[0].status"));
        assertTrue(done.getString("data.ingestionRun.sources[0].error").contains("timed out"), done.prettify());
        assertEquals("OK", done.getString("data.ingestionRun.sources[1].status"));
        assertEquals(1, done.getInt("data.ingestionRun.sources[1].fetched"));
        assertNull(done.get("data.ingestionRun.error"));
        assertEquals(1L, count("select count(*) from ingestion_runs where id = cast(?1 as uuid) "
                + "and status = 'COMPLETED' and finished_at is not null", runId));
    }

    @Test
    void onlyOneRunAtATime() {
        RunLock.Held held = TestSupport.join(() -> lock.tryAcquire());
        assertNotNull(held);
        try {
            assertNull(TestSupport.join(() -> lock.tryAcquire()), "the advisory lock is exclusive");
            assertTrue(TestSupport.join(() -> lock.isHeld()));
            assertThrows(ConflictException.class,
                    () -> TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("nothing", "", false)), false)));
            TestSupport.graphql(TestJwt.forUser(UUID.randomUUID()), "mutation { ingestDailyJobs { id } }", Map.of())
                    .body("errors[0].extensions.code", is("CONFLICT"))
                    .body("errors[0].message", containsString("already in progress"));
        } finally {
            TestSupport.join(held::release);
        }
        IngestionReport after = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("nothing", "", false)), false));
        assertNotNull(after.runId());
        assertEquals(1L, count("select count(*) from ingestion_runs where id = cast(?1 as uuid) and status = 'COMPLETED'",
                after.runId()));
    }
}
