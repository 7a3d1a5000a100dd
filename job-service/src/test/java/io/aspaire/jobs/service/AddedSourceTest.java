package io.aspaire.jobs.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.aspaire.jobs.support.TestSupport.count;
import static io.aspaire.jobs.support.TestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.client.JobSource;
import io.aspaire.jobs.client.Json;
import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.client.SourceListing;
import io.aspaire.jobs.client.SourcePage;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.IngestionReport;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.domain.SourceStatus;
import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;

/**
 * A new source is one {@link JobSource} class plus its configuration, nothing else: this test adds a company job
 * board that way (switched on by its configuration in this test's profile only) and sees its listings ingested,
 * reported and deduplicated against the same job on Remotive.
 */
@QuarkusTest
@TestProfile(AddedSourceTest.WithBoard.class)
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class AddedSourceTest {

    /** The board's configuration (aspaire.jobs.board.*); off unless enabled. */
    @ConfigMapping(prefix = "aspaire.jobs.board")
    public interface BoardConfig {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("http://localhost:1")
        String baseUrl();

        @WithDefault("5")
        int budget();
    }

    /** A company job board: {@code GET /board/jobs?q=} answers {@code {"postings": [...]}}. */
    @ApplicationScoped
    @LookupIfProperty(name = "aspaire.jobs.board.enabled", stringValue = "true")
    public static class BoardSource implements JobSource {

        private final BoardConfig config;
        private final ObjectMapper mapper;
        private final HttpClient http = HttpClient.newHttpClient();

        public BoardSource(BoardConfig config, ObjectMapper mapper) {
            this.config = config;
            this.mapper = mapper;
        }

        @Override
        public String name() {
            return "TESTBOARD"; // after REMOTIVE and SERPAPI: their listings are seen first
        }

        @Override
        public int budget() {
            return config.budget();
        }

        @Override
        public Uni<String> search(SearchSpec spec, String pageToken) {
            URI uri = URI.create(config.baseUrl() + "/board/jobs?q="
                    + URLEncoder.encode(spec.query(), StandardCharsets.UTF_8));
            return Uni.createFrom().completionStage(() -> http.sendAsync(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString())).map(HttpResponse::body);
        }

        @Override
        public SourcePage read(String raw) {
            List<SourceListing> out = new ArrayList<>();
            for (JsonNode p : Json.object(mapper, "Board", raw).path("postings")) {
                out.add(new SourceListing(Json.text(p, "id"), Json.text(p, "name"), Json.text(p, "org"),
                        Json.text(p, "where"), p.path("remote").asBoolean(), Json.text(p, "type"), null,
                        Json.text(p, "html"), true, List.of(), List.of(),
                        List.of(new ApplyLink("Board", Json.text(p, "url"))), null, Json.text(p, "posted"),
                        p.toString()));
            }
            return new SourcePage(out, null);
        }
    }

    public static class WithBoard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            WireMockSources.server().stubFor(get(urlPathEqualTo("/board/jobs")).withQueryParam("q", equalTo("backend"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                            {"postings": [
                              {"id": "b-1", "name": "Senior Backend Engineer", "org": "Acme, Inc", "where": "Worldwide",
                               "remote": true, "type": "Full-time", "html": "<p>Same job, <b>board</b> copy</p>",
                               "url": "https://board.example/b-1", "posted": "2026-01-09T10:00:00Z"},
                              {"id": "b-2", "name": "Board-only Staff Engineer", "org": "Boardco", "where": "Oslo",
                               "remote": false, "type": "Contract", "html": "<script>x()</script><p>Oslo</p>",
                               "url": "javascript:alert(1)", "posted": "2026-01-08T10:00:00Z"}
                            ]}""")));
            return Map.of("aspaire.jobs.board.enabled", "true", "aspaire.jobs.board.base-url",
                    WireMockSources.server().baseUrl());
        }
    }

    @Inject
    IngestionService ingestion;
    @Inject
    JobSources sources;
    @Inject
    MeterRegistry registry;

    private double counter(String name) {
        var c = registry.find(name).tag("source", "TESTBOARD").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aSourceAddedAsOneBeanIsIngestedReportedAndDeduplicated() {
        assertEquals(List.of("ASHBY", "GREENHOUSE", "LEVER", RemotiveSource.NAME, SerpApiSource.NAME, "TESTBOARD"),
                sources.names());
        double ingested = counter("aspaire.jobs.listings.ingested");
        double deduplicated = counter("aspaire.jobs.listings.deduplicated");
        IngestionReport report = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("backend", "", false)),
                false));
        assertEquals(SourceStatus.OK, report.source("TESTBOARD").status(), report.toString());
        assertEquals(2, report.source("TESTBOARD").fetched());
        assertEquals(2, report.source("TESTBOARD").created());
        // metrics per source: two new listings, one of them a job Remotive had already brought
        assertEquals(ingested + 2, counter("aspaire.jobs.listings.ingested"));
        assertEquals(deduplicated + 1, counter("aspaire.jobs.listings.deduplicated"));

        // the board's copy of Remotive's job: stored, linked to the one canonical listing, no second job
        Object[] copy = rows("select cast(canonical_id as text), job_type, description_html, apply_url from job_listings "
                + "where source = 'TESTBOARD' and external_id = 'b-1'").get(0);
        Object[] remotive = rows("select cast(canonical_id as text), source from job_listings "
                + "where source = 'REMOTIVE' and external_id = '1901001'").get(0);
        assertEquals(remotive[0], copy[0]);
        assertEquals("FULL_TIME", copy[1]);
        assertEquals("<p>Same job, <b>board</b> copy</p>", copy[2]);
        assertEquals("https://board.example/b-1", copy[3]);
        // the board-only job: its own canonical listing, normalized like any other (HTML sanitized, no script link)
        Object[] own = rows("select cast(id as text), cast(canonical_id as text), job_type, description_html, apply_url, "
                + "cast(apply_links as text) from job_listings where source = 'TESTBOARD' and external_id = 'b-2'").get(0);
        assertEquals(own[0], own[1]);
        assertEquals("CONTRACT", own[2]);
        assertEquals("<p>Oslo</p>", own[3]);
        assertNull(own[4]);
        assertEquals("[]", own[5]);
        assertNotEquals(0L, count("select count(*) from outbox_events where record_key = ?1", own[0]));

        // ingesting the same payloads again creates nothing
        IngestionReport again = TestSupport.join(() -> ingestion.ingest(List.of(new SearchSpec("backend", "", false)),
                false));
        assertEquals(0, again.source("TESTBOARD").created());
        assertEquals(ingested + 2, counter("aspaire.jobs.listings.ingested"));
        assertEquals(1L, count("select count(*) from job_listings where source = 'TESTBOARD' and external_id = 'b-1'"));
    }
}
