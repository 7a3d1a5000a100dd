package io.aspaire.jobs.client;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.config.RemotiveConfig;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.SearchSpec;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Remotive's public API (no key), guarded on its own (timeout, retry with exponential backoff, circuit breaker) so
 * that its failures never hold up another source. Every Remotive job is remote; its descriptions are HTML; its
 * dates are absolute. One call per search (no pages).
 */
@ApplicationScoped
public class RemotiveSource implements JobSource {

    public static final String NAME = "REMOTIVE";

    private final RemotiveApi api;
    private final ObjectMapper mapper;
    private final RemotiveConfig config;

    public RemotiveSource(@RestClient RemotiveApi api, ObjectMapper mapper, RemotiveConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int budget() {
        return config.budget();
    }

    @Override
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 100, abortOn = SourceException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    public Uni<String> search(SearchSpec spec, String pageToken) {
        return api.search(spec.query(), config.category().orElse(null), config.limit());
    }

    @Override
    public SourcePage read(String raw) {
        JsonNode root = Json.object(mapper, "Remotive", raw);
        JsonNode jobs = root.get("jobs");
        if (jobs == null || jobs.isNull()) {
            if (root.path("job-count").asInt(-1) == 0) {
                return SourcePage.empty();
            }
            throw new SourceException("Remotive answered without a 'jobs' array");
        }
        if (!jobs.isArray()) {
            throw new SourceException("Remotive's 'jobs' is not an array");
        }
        List<SourceListing> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            out.add(job.isObject() ? listing(job) : null);
        }
        return new SourcePage(out, null);
    }

    static SourceListing listing(JsonNode job) {
        String url = Json.text(job, "url");
        LinkedHashSet<String> tags = new LinkedHashSet<>(Json.strings(job, "tags"));
        String category = Json.text(job, "category");
        if (category != null) {
            tags.add(category);
        }
        return new SourceListing(Json.text(job, "id"), Json.text(job, "title"), Json.text(job, "company_name"),
                Json.text(job, "candidate_required_location"), true, Json.text(job, "job_type"),
                Json.text(job, "salary"), Json.text(job, "description"), true, List.copyOf(tags), List.of(),
                url == null ? List.of() : List.of(new ApplyLink("Remotive", url)), url,
                Json.text(job, "publication_date"), job.toString());
    }
}
