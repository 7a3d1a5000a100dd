package io.aspaire.jobs.service;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.AshbySource;
import io.aspaire.jobs.client.GreenhouseSource;
import io.aspaire.jobs.client.LeverSource;
import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.domain.SourceReport;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Company job boards (issue 13): users' watchedCompanies (PreferencesChanged) become watched boards; the daily run
 * fetches each board once for all its watchers and at most once a day (the cache), reads Greenhouse's, Lever's and
 * Ashby's real formats through the shared normalize step, deduplicates against Remotive, and reports a board the ATS
 * does not know (each API's 404) or a board that is down without stopping the other boards. WireMock plays the APIs
 * ({@link WireMockSources}: board "acme" on each, "gone" not found, Ashby's "down" failing).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class WatchedBoardsTest {

    @Inject
    IngestionService ingestion;
    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void watch(UUID user, List<Map<String, String>> companies) throws Exception {
        String id = UUID.randomUUID().toString();
        String event = mapper.writeValueAsString(Map.of("specversion", "1.0", "id", id, "source", "/aspaire/test",
                "type", "PreferencesChanged", "subject", user.toString(), "time", Instant.now().toString(),
                "datacontenttype", "application/json", "data", Map.of("userId", user.toString(), "jobTitles",
                        List.of(), "locations", List.of(), "remote", "YES", "watchedCompanies", companies)));
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PREFERENCES, user.toString(), event)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from processed_events where consumer = 'job-service' and event_id = ?1", id) == 1);
    }

    private static Map<String, String> board(String ats, String board, String company) {
        return company == null ? Map.of("ats", ats, "board", board)
                : Map.of("ats", ats, "board", board, "company", company);
    }

    private static int requests(String path) {
        return WireMockSources.server().countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build())
                .getCount();
    }

    @Test
    void eachWatchedBoardIsFetchedOnceForAllItsWatchersAndAFailingBoardStopsNoOther() throws Exception {
        CircuitBreakerMaintenance.get().resetAll();
        // Remotive's "Senior Backend Engineer" at "Acme Inc." (remote) is in store: Greenhouse's copy dedupes on it
        TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("backend", "", false)), false));

        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        watch(alice, List.of(board("GREENHOUSE", "acme", null), board("LEVER", " Acme ", "Acme"),
                board("ASHBY", "acme", "Acme"), board("LEVER", "gone", null), board("ASHBY", "down", null)));
        watch(bob, List.of(board("greenhouse", "ACME", "Acme"), board("GREENHOUSE", "gone", null),
                board("LEVER", "acme", "Acme"), board("ASHBY", "gone", null)));
        assertEquals(9L, count("select count(*) from watched_boards where user_id in (?1, ?2)", alice, bob));

        int greenhouse = requests("/v1/boards/acme/jobs");
        int lever = requests("/v0/postings/acme");
        int ashby = requests("/posting-api/job-board/acme");
        IngestionReport report = TestSupport.join(() -> ingestion.runDaily(null));

        // one call per board, though two users watch it
        assertEquals(greenhouse + 1, requests("/v1/boards/acme/jobs"));
        assertEquals(lever + 1, requests("/v0/postings/acme"));
        assertEquals(ashby + 1, requests("/posting-api/job-board/acme"));

        // every board that answered is stored; the ones that did not are named, the others not held up
        SourceReport gh = report.source(GreenhouseSource.NAME);
        assertEquals(SourceStatus.FAILED, gh.status(), report.toString());
        assertEquals(2, gh.fetched());
        assertEquals("1 of 2 boards failed: 'gone': board 'gone' not found on GREENHOUSE", gh.error());
        SourceReport lv = report.source(LeverSource.NAME);
        assertEquals(2, lv.fetched());
        assertEquals(2, lv.created());
        assertEquals("1 of 2 boards failed: 'gone': board 'gone' not found on LEVER", lv.error());
        SourceReport as = report.source(AshbySource.NAME);
        assertEquals(1, as.fetched(), "the unlisted Ashby job is not a listing");
        assertTrue(as.error().startsWith("2 of 3 boards failed: "), as.error());
        assertTrue(as.error().contains("'down': HTTP 502 (server error)"), as.error());
        assertTrue(as.error().contains("'gone': board 'gone' not found on ASHBY"), as.error());
        assertEquals(3, requests("/posting-api/job-board/down"), "a failing board is retried (twice), then reported");
        assertEquals(1, requests("/posting-api/job-board/gone"), "a board not found is not retried");

        // Greenhouse: the job Remotive has too is one canonical listing; HTML unescaped, then sanitized
        Object[] copy = rows("select cast(canonical_id as text), remote, description_html, cast(tags as text), "
                + "apply_url, posted_at from job_listings where source = 'GREENHOUSE' and external_id = '4001001'")
                .get(0);
        Object[] remotive = rows("select cast(canonical_id as text), source from job_listings "
                + "where source = 'REMOTIVE' and external_id = '1901001'").get(0);
        assertEquals(remotive[0], copy[0]);
        assertEquals(true, copy[1]);
        assertEquals("<p>Build <strong>reliable</strong> APIs &amp; services.</p>", copy[2]);
        assertEquals("[\"Engineering\"]", copy[3]);
        assertEquals("https://job-boards.greenhouse.io/acme/jobs/4001001", copy[4]);
        assertEquals(Instant.parse("2026-01-08T14:00:00Z"), ((java.time.OffsetDateTime) copy[5]).toInstant());

        // Lever: no company in the posting, so the watchers' name for it; lists become highlights; salary range
        Object[] platform = rows("select company, location, remote, job_type, salary_min, salary_max, "
                + "salary_currency, salary_period, cast(highlights as text), apply_url, posted_at, description_html "
                + "from job_listings where source = 'LEVER' and external_id = '5f1c0a3e-1b2d-4c7e-9f10-2a3b4c5d6e7f'")
                .get(0);
        assertEquals("Acme", platform[0]);
        assertEquals("Berlin", platform[1]);
        assertEquals(false, platform[2]);
        assertEquals("FULL_TIME", platform[3]);
        assertEquals(0, new BigDecimal("70000").compareTo((BigDecimal) platform[4]));
        assertEquals(0, new BigDecimal("90000").compareTo((BigDecimal) platform[5]));
        assertEquals("EUR", platform[6]);
        assertEquals("YEAR", platform[7]);
        assertTrue(((String) platform[8]).contains("Operate Kubernetes"), (String) platform[8]);
        assertEquals("https://jobs.lever.co/acme/5f1c0a3e-1b2d-4c7e-9f10-2a3b4c5d6e7f/apply", platform[9]);
        assertEquals(Instant.ofEpochMilli(1767952800000L), ((java.time.OffsetDateTime) platform[10]).toInstant());
        assertTrue(((String) platform[11]).contains("learning budget"), (String) platform[11]);
        Object[] support = rows("select job_type, remote from job_listings where source = 'LEVER' "
                + "and external_id = '7a2b3c4d-0000-4000-8000-000000000002'").get(0);
        assertEquals("PART_TIME", support[0]);
        assertEquals(true, support[1]);

        // Ashby: employment type, remote flag, compensation summary; the iframe does not survive
        Object[] data = rows("select company, remote, job_type, salary_min, salary_currency, description_html "
                + "from job_listings where source = 'ASHBY' and external_id = '0c8d5c1e-4a34-4f52-9a43-6d1f2a7b8c90'")
                .get(0);
        assertEquals("Acme", data[0]);
        assertEquals(true, data[1]);
        assertEquals("FULL_TIME", data[2]);
        assertEquals(0, new BigDecimal("80000").compareTo((BigDecimal) data[3]));
        assertEquals("EUR", data[4]);
        assertEquals("<p>Own our <em>pipelines</em>.</p>", data[5]);
        assertEquals(0L, count("select count(*) from job_listings where source = 'ASHBY' and title = "
                + "'Internal Transfer Only'"));

        // the next run the same day reads the boards from the cache: still one call per board
        IngestionReport again = TestSupport.join(() -> ingestion.runDaily(null));
        assertEquals(greenhouse + 1, requests("/v1/boards/acme/jobs"));
        assertEquals(lever + 1, requests("/v0/postings/acme"));
        assertEquals(ashby + 1, requests("/posting-api/job-board/acme"));
        assertEquals(2, again.source(GreenhouseSource.NAME).fetched());
        assertEquals(0, again.source(LeverSource.NAME).created());
    }
}
