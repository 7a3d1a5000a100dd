package io.aspaire.jobs.client;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jsoup.parser.Parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.config.GreenhouseConfig;
import io.aspaire.jobs.domain.ApplyLink;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Greenhouse job boards, guarded on their own (timeout, retry with backoff, circuit breaker) so that Greenhouse
 * failing never holds up another source. A job's place is its location's name (remote when it says so); its
 * description arrives entity-escaped and is unescaped into the HTML the normalize step sanitizes; departments become
 * tags; the posting date is its first publication (its last update when the board does not say).
 */
@ApplicationScoped
public class GreenhouseSource implements BoardSource {

    public static final String NAME = "GREENHOUSE";

    private final GreenhouseApi api;
    private final ObjectMapper mapper;
    private final GreenhouseConfig config;

    public GreenhouseSource(ObjectMapper mapper, GreenhouseConfig config) {
        this.api = BoardClients.at(config.baseUrl(), GreenhouseApi.class);
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
        return api.jobs(board, true).onFailure().transform(e -> BoardNotFoundException.of(NAME, board, e));
    }

    @Override
    public SourcePage read(String raw) {
        JsonNode jobs = Json.object(mapper, "Greenhouse", raw).get("jobs");
        if (jobs == null || !jobs.isArray()) {
            throw new SourceException("Greenhouse answered without a 'jobs' array");
        }
        List<SourceListing> out = new ArrayList<>();
        for (JsonNode job : jobs) {
            out.add(job.isObject() ? listing(job) : null);
        }
        return new SourcePage(out, null);
    }

    static SourceListing listing(JsonNode job) {
        String location = Json.text(job.path("location"), "name");
        boolean remote = location != null && location.toLowerCase(Locale.ROOT).contains("remote");
        List<String> tags = new ArrayList<>();
        for (JsonNode d : job.path("departments")) {
            String name = Json.text(d, "name");
            if (name != null) {
                tags.add(name);
            }
        }
        String content = Json.text(job, "content");
        String url = Json.text(job, "absolute_url");
        String posted = Json.text(job, "first_published");
        return new SourceListing(Json.text(job, "id"), Json.text(job, "title"), Json.text(job, "company_name"),
                location, remote, null, null, content == null ? null : Parser.unescapeEntities(content, false), true,
                tags, List.of(), url == null ? List.of() : List.of(new ApplyLink("Greenhouse", url)), url,
                posted != null ? posted : Json.text(job, "updated_at"), job.toString());
    }
}
