package io.aspaire.jobs.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.Source;
import io.aspaire.jobs.service.Fingerprints;
import io.aspaire.jobs.service.HtmlText;
import io.aspaire.jobs.service.PostedDates;
import io.aspaire.jobs.service.SalaryParser;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * SerpAPI's Google Jobs engine, guarded on its own. Without an API key the source is DISABLED: runs report it and the
 * live search answers 404 SOURCE_DISABLED with what to set, nothing is called. Dates are relative ("3 days ago"): they are resolved
 * against the time of the fetch.
 */
@ApplicationScoped
public class SerpApiSource {

    static final String NO_RESULTS = "hasn't returned any results";

    private final SerpApi api;
    private final ObjectMapper mapper;
    private final String apiKey;

    public SerpApiSource(@RestClient SerpApi api, ObjectMapper mapper,
            // Optional: an empty SERPAPI_API_KEY means "not configured" (an empty String default cannot be injected)
            @ConfigProperty(name = "aspaire.jobs.serpapi.api-key") java.util.Optional<String> apiKey) {
        this.api = api;
        this.mapper = mapper;
        this.apiKey = apiKey.map(String::trim).orElse("");
    }

    public boolean enabled() {
        return !apiKey.isEmpty();
    }

    public String disabledReason() {
        return "SerpAPI is disabled: no API key configured (set SERPAPI_API_KEY)";
    }

    /** One page of a live search; {@code nextPageToken} null for the first page. Blocking. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 1000, jitter = 200, abortOn = SourceException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 15_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    public FetchedPage search(String q, String location, String nextPageToken) {
        if (!enabled()) {
            throw new SourceException(disabledReason());
        }
        String raw = api.search("google_jobs", q, blankToNull(location), nextPageToken, apiKey).await().indefinitely();
        return parse(raw, Instant.now());
    }

    public FetchedPage parse(String raw, Instant fetchedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(raw == null ? "" : raw);
        } catch (JsonProcessingException e) {
            throw new SourceException("SerpAPI answered with a body that is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SourceException("SerpAPI answered with an unexpected body (no JSON object)");
        }
        String error = Json.text(root, "error");
        if (error != null) {
            if (error.contains(NO_RESULTS)) {
                return new FetchedPage(raw, fetchedAt, List.of(), 0, null); // SerpAPI's way of saying "empty"
            }
            throw new SourceException("SerpAPI error: " + error);
        }
        JsonNode results = root.get("jobs_results");
        if (results == null || results.isNull()) {
            return new FetchedPage(raw, fetchedAt, List.of(), 0, null);
        }
        if (!results.isArray()) {
            throw new SourceException("SerpAPI's 'jobs_results' is not an array");
        }
        List<NormalizedJob> out = new ArrayList<>();
        int skipped = 0;
        for (JsonNode job : results) {
            NormalizedJob n = job.isObject() ? normalize(job, fetchedAt) : null;
            if (n == null) {
                skipped++;
            } else {
                out.add(n);
            }
        }
        String next = Json.text(root.path("serpapi_pagination"), "next_page_token");
        return new FetchedPage(raw, fetchedAt, out, skipped, next);
    }

    static NormalizedJob normalize(JsonNode job, Instant fetchedAt) {
        String title = Json.text(job, "title");
        if (title == null) {
            return null;
        }
        String company = Json.text(job, "company_name");
        String location = Json.text(job, "location");
        JsonNode ext = job.path("detected_extensions");
        String lowerLocation = location == null ? "" : location.toLowerCase(Locale.ROOT);
        boolean remote = ext.path("work_from_home").asBoolean(false) || lowerLocation.contains("anywhere")
                || lowerLocation.contains("remote");
        String externalId = Json.text(job, "job_id");
        if (externalId == null) {
            externalId = Fingerprints.fallbackId(title, company, location);
        }
        List<Highlight> highlights = new ArrayList<>();
        for (JsonNode h : job.path("job_highlights")) {
            if (h.isObject()) {
                highlights.add(new Highlight(Json.text(h, "title"), Json.strings(h, "items")));
            }
        }
        List<ApplyLink> links = new ArrayList<>();
        for (JsonNode o : job.path("apply_options")) {
            String link = o.isObject() ? Json.text(o, "link") : null;
            if (link != null && (link.startsWith("https://") || link.startsWith("http://"))) {
                links.add(new ApplyLink(Json.text(o, "title"), link));
            }
        }
        String applyUrl = links.isEmpty() ? Json.text(job, "share_link") : links.get(0).link();
        List<String> tags = new ArrayList<>();
        String via = Json.text(job, "via");
        if (via != null) {
            tags.add(via.replaceFirst("^(?i)via\\s+", ""));
        }
        for (String e : Json.strings(job, "extensions")) {
            if (!e.matches(".*\\d.*") && !tags.contains(e)) {
                tags.add(e); // "Full-time", "Health insurance"...; dates and salaries have their own fields
            }
        }
        String description = HtmlText.plain(Json.text(job, "description"));
        return new NormalizedJob(Source.SERPAPI, externalId, Fingerprints.of(title, company, location, remote), title,
                company, location, remote, jobType(Json.text(ext, "schedule_type")),
                SalaryParser.parse(Json.text(ext, "salary")), description, HtmlText.plainToHtml(description),
                List.copyOf(tags), highlights, links, applyUrl,
                PostedDates.relative(Json.text(ext, "posted_at"), fetchedAt), job.toString());
    }

    static String jobType(String scheduleType) {
        if (scheduleType == null) {
            return null;
        }
        String s = scheduleType.toLowerCase(Locale.ROOT);
        if (s.contains("full")) {
            return "FULL_TIME";
        }
        if (s.contains("part")) {
            return "PART_TIME";
        }
        if (s.contains("contract")) {
            return "CONTRACT";
        }
        if (s.contains("intern")) {
            return "INTERNSHIP";
        }
        if (s.contains("temp")) {
            return "TEMPORARY";
        }
        return "OTHER";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
