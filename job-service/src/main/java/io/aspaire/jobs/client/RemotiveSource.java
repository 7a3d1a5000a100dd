package io.aspaire.jobs.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.Salary;
import io.aspaire.jobs.domain.Source;
import io.aspaire.jobs.service.Fingerprints;
import io.aspaire.jobs.service.HtmlText;
import io.aspaire.jobs.service.PostedDates;
import io.aspaire.jobs.service.SalaryParser;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Remotive, guarded on its own (timeout, retry with exponential backoff, circuit breaker) so that its failures never
 * hold up SerpAPI. Every Remotive job is remote; its descriptions are HTML.
 */
@ApplicationScoped
public class RemotiveSource {

    private final RemotiveApi api;
    private final ObjectMapper mapper;
    private final int limit;
    private final Optional<String> category;

    public RemotiveSource(@RestClient RemotiveApi api, ObjectMapper mapper,
            @ConfigProperty(name = "aspaire.jobs.remotive.limit", defaultValue = "50") int limit,
            @ConfigProperty(name = "aspaire.jobs.remotive.category") Optional<String> category) {
        this.api = api;
        this.mapper = mapper;
        this.limit = limit;
        this.category = category;
    }

    /** One live search. Blocking: call it from a worker thread. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 100, abortOn = SourceException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    public FetchedPage search(String search) {
        String raw = api.search(search, category.orElse(null), limit).await().indefinitely();
        return parse(raw, Instant.now());
    }

    /** Normalizes a response body (fresh or from the cache). */
    public FetchedPage parse(String raw, Instant fetchedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(raw == null ? "" : raw);
        } catch (JsonProcessingException e) {
            throw new SourceException("Remotive answered with a body that is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SourceException("Remotive answered with an unexpected body (no JSON object)");
        }
        JsonNode jobs = root.get("jobs");
        if (jobs == null || jobs.isNull()) {
            if (root.path("job-count").asInt(-1) == 0) {
                return new FetchedPage(raw, fetchedAt, List.of(), 0, null);
            }
            throw new SourceException("Remotive answered without a 'jobs' array");
        }
        if (!jobs.isArray()) {
            throw new SourceException("Remotive's 'jobs' is not an array");
        }
        List<NormalizedJob> out = new ArrayList<>();
        int skipped = 0;
        for (JsonNode job : jobs) {
            NormalizedJob n = job.isObject() ? normalize(job) : null;
            if (n == null) {
                skipped++;
            } else {
                out.add(n);
            }
        }
        return new FetchedPage(raw, fetchedAt, out, skipped, null);
    }

    static NormalizedJob normalize(JsonNode job) {
        String title = Json.text(job, "title");
        if (title == null) {
            return null; // nothing to show or to deduplicate on
        }
        String company = Json.text(job, "company_name");
        String location = Json.text(job, "candidate_required_location");
        String externalId = Json.text(job, "id");
        if (externalId == null) {
            externalId = Fingerprints.fallbackId(title, company, location);
        }
        String html = Json.text(job, "description");
        String url = Json.text(job, "url");
        Salary salary = SalaryParser.parse(Json.text(job, "salary"));
        LinkedHashSet<String> tags = new LinkedHashSet<>(Json.strings(job, "tags"));
        String category = Json.text(job, "category");
        if (category != null) {
            tags.add(category);
        }
        return new NormalizedJob(Source.REMOTIVE, externalId, Fingerprints.of(title, company, location, true), title,
                company, location, true, jobType(Json.text(job, "job_type")), salary, HtmlText.text(html),
                HtmlText.safeHtml(html), List.copyOf(tags), List.of(),
                url == null ? List.of() : List.of(new ApplyLink("Remotive", url)), url,
                PostedDates.absolute(Json.text(job, "publication_date")), job.toString());
    }

    static String jobType(String remotive) {
        if (remotive == null) {
            return null;
        }
        return switch (remotive.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')) {
            case "full_time" -> "FULL_TIME";
            case "part_time" -> "PART_TIME";
            case "contract" -> "CONTRACT";
            case "freelance" -> "FREELANCE";
            case "internship" -> "INTERNSHIP";
            case "temporary" -> "TEMPORARY";
            default -> "OTHER";
        };
    }
}
