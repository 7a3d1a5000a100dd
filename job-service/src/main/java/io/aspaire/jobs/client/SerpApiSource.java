package io.aspaire.jobs.client;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.config.SerpApiConfig;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;
import io.aspaire.jobs.domain.SearchSpec;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * SerpAPI's Google Jobs engine, guarded on its own. Without an API key the source is DISABLED: runs report it and the
 * live search answers 404 SOURCE_DISABLED with what to set, nothing is called. Dates are relative ("3 days ago"):
 * they are resolved against the time of the fetch, and the first one seen is kept.
 */
@ApplicationScoped
public class SerpApiSource implements JobSource {

    public static final String NAME = "SERPAPI";
    static final String NO_RESULTS = "hasn't returned any results";

    private final SerpApi api;
    private final ObjectMapper mapper;
    private final SerpApiConfig config;
    private final String apiKey;

    public SerpApiSource(@RestClient SerpApi api, ObjectMapper mapper, SerpApiConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.config = config;
        this.apiKey = config.apiKey().map(String::trim).orElse("");
    }

    @Override
    public String name() {
        return NAME;
    }

    public boolean enabled() {
        return !apiKey.isEmpty();
    }

    @Override
    public Optional<String> disabledReason() {
        return enabled() ? Optional.empty()
                : Optional.of("SerpAPI is disabled: no API key configured (set SERPAPI_API_KEY)");
    }

    @Override
    public int budget() {
        return config.budget();
    }

    @Override
    public int maxPages() {
        return config.maxPages();
    }

    @Override
    public boolean relativeDates() {
        return true;
    }

    @Override
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 1000, jitter = 200, abortOn = SourceException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 15_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    public Uni<String> search(SearchSpec spec, String pageToken) {
        if (!enabled()) {
            return Uni.createFrom().failure(new SourceException(disabledReason().orElseThrow()));
        }
        String location = spec.location().isBlank() ? null : spec.location();
        return api.search("google_jobs", spec.queryWithRemote(), location, pageToken, apiKey);
    }

    @Override
    public SourcePage read(String raw) {
        JsonNode root = Json.object(mapper, "SerpAPI", raw);
        String error = Json.text(root, "error");
        if (error != null) {
            if (error.contains(NO_RESULTS)) {
                return SourcePage.empty(); // SerpAPI's way of saying "empty"
            }
            throw new SourceException("SerpAPI error: " + error);
        }
        JsonNode results = root.get("jobs_results");
        if (results == null || results.isNull()) {
            return SourcePage.empty();
        }
        if (!results.isArray()) {
            throw new SourceException("SerpAPI's 'jobs_results' is not an array");
        }
        List<SourceListing> out = new ArrayList<>();
        for (JsonNode job : results) {
            out.add(job.isObject() ? listing(job) : null);
        }
        return new SourcePage(out, Json.text(root.path("serpapi_pagination"), "next_page_token"));
    }

    static SourceListing listing(JsonNode job) {
        String location = Json.text(job, "location");
        JsonNode ext = job.path("detected_extensions");
        String lowerLocation = location == null ? "" : location.toLowerCase(Locale.ROOT);
        boolean remote = ext.path("work_from_home").asBoolean(false) || lowerLocation.contains("anywhere")
                || lowerLocation.contains("remote");
        List<Highlight> highlights = new ArrayList<>();
        for (JsonNode h : job.path("job_highlights")) {
            if (h.isObject()) {
                highlights.add(new Highlight(Json.text(h, "title"), Json.strings(h, "items")));
            }
        }
        List<ApplyLink> links = new ArrayList<>();
        for (JsonNode o : job.path("apply_options")) {
            if (o.isObject()) {
                links.add(new ApplyLink(Json.text(o, "title"), Json.text(o, "link")));
            }
        }
        List<String> tags = new ArrayList<>();
        String via = Json.text(job, "via");
        if (via != null) {
            tags.add(via.replaceFirst("^(?i)via\\s+", ""));
        }
        for (String e : Json.strings(job, "extensions")) {
            if (!e.matches(".*\\d.*")) {
                tags.add(e); // "Full-time", "Health insurance"...; dates and salaries have their own fields
            }
        }
        return new SourceListing(Json.text(job, "job_id"), Json.text(job, "title"), Json.text(job, "company_name"),
                location, remote, Json.text(ext, "schedule_type"), Json.text(ext, "salary"),
                Json.text(job, "description"), false, tags, highlights, links, Json.text(job, "share_link"),
                Json.text(ext, "posted_at"), job.toString());
    }
}
