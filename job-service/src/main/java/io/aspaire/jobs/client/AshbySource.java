package io.aspaire.jobs.client;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.config.AshbyConfig;
import io.aspaire.jobs.domain.ApplyLink;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Ashby job boards, guarded on their own. Unlisted jobs ({@code isListed: false}) are skipped; remote is
 * {@code isRemote} (or {@code workplaceType: "Remote"}); {@code employmentType} ("FullTime", "Contract"...) goes to the
 * shared job-type rules; the salary is the compensation's scrapeable summary ("€80K – €100K"). Ashby names no company:
 * the board's name is used. The job's id is its {@code id}, or the last segment of its {@code jobUrl}.
 */
@ApplicationScoped
public class AshbySource implements BoardSource {

    public static final String NAME = "ASHBY";

    private final AshbyApi api;
    private final ObjectMapper mapper;
    private final AshbyConfig config;

    public AshbySource(ObjectMapper mapper, AshbyConfig config) {
        this.api = BoardClients.at(config.baseUrl(), AshbyApi.class);
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
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 100, abortOn = SourceException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS,
            skipOn = BoardNotFoundException.class)
    public Uni<String> board(String board) {
        return api.jobBoard(board, true).onFailure().transform(e -> BoardNotFoundException.of(NAME, board, e));
    }

    @Override
    public SourcePage read(String raw) {
        JsonNode jobs = Json.object(mapper, "Ashby", raw).get("jobs");
        if (jobs == null || !jobs.isArray()) {
            throw new SourceException("Ashby answered without a 'jobs' array");
        }
        List<SourceListing> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            if (job.isObject() && job.path("isListed").asBoolean(true)) {
                out.add(listing(job));
            } else if (!job.isObject()) {
                out.add(null);
            }
        }
        return new SourcePage(out, null);
    }

    static SourceListing listing(JsonNode job) {
        String workplace = Json.text(job, "workplaceType");
        boolean remote = job.path("isRemote").asBoolean(false)
                || (workplace != null && workplace.toLowerCase(Locale.ROOT).equals("remote"));
        List<String> tags = new ArrayList<>();
        for (String field : List.of("department", "team")) {
            String v = Json.text(job, field);
            if (v != null && !tags.contains(v)) {
                tags.add(v);
            }
        }
        String jobUrl = Json.text(job, "jobUrl");
        String id = Json.text(job, "id");
        if (id == null && jobUrl != null) {
            id = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
        }
        String apply = Json.text(job, "applyUrl");
        JsonNode compensation = job.path("compensation");
        String salary = Json.text(compensation, "scrapeableCompensationSalarySummary");
        return new SourceListing(id, Json.text(job, "title"), null, Json.text(job, "location"), remote,
                Json.text(job, "employmentType"), salary, Json.text(job, "descriptionHtml"), true, tags, List.of(),
                apply == null ? List.of() : List.of(new ApplyLink("Ashby", apply)), jobUrl,
                Json.text(job, "publishedAt"), job.toString());
    }
}
