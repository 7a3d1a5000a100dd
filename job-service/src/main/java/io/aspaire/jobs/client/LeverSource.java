package io.aspaire.jobs.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jsoup.Jsoup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.jobs.config.LeverConfig;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Lever job boards, guarded on their own. A posting's title is its {@code text}; commitment, location and team are
 * its categories; remote is {@code workplaceType: "remote"}; its description is the opening HTML, each list ("What
 * you'll do") becomes a highlight, and the closing part follows; {@code createdAt} is epoch milliseconds; the salary
 * range, when published, is written out for the shared salary parser. Lever names no company: the board's name is used.
 */
@ApplicationScoped
public class LeverSource implements BoardSource {

    public static final String NAME = "LEVER";

    private final LeverApi api;
    private final ObjectMapper mapper;
    private final LeverConfig config;

    public LeverSource(ObjectMapper mapper, LeverConfig config) {
        this.api = BoardClients.at(config.baseUrl(), LeverApi.class);
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
        return api.postings(board, "json").onFailure().transform(e -> BoardNotFoundException.of(NAME, board, e));
    }

    @Override
    public SourcePage read(String raw) {
        JsonNode root;
        try {
            root = mapper.readTree(raw == null ? "" : raw);
        } catch (JsonProcessingException e) {
            throw new SourceException("Lever answered with a body that is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new SourceException("Lever answered without a JSON array of postings");
        }
        List<SourceListing> out = new ArrayList<>();
        for (JsonNode posting : root) {
            out.add(posting.isObject() ? listing(posting) : null);
        }
        return new SourcePage(out, null);
    }

    static SourceListing listing(JsonNode p) {
        JsonNode categories = p.path("categories");
        String workplace = Json.text(p, "workplaceType");
        boolean remote = workplace != null && workplace.toLowerCase(Locale.ROOT).equals("remote");
        List<Highlight> highlights = new ArrayList<>();
        StringBuilder html = new StringBuilder(nullToEmpty(Json.text(p, "description")));
        for (JsonNode list : p.path("lists")) {
            String title = Json.text(list, "text");
            String content = Json.text(list, "content");
            if (content != null) {
                html.append("<h3>").append(title == null ? "" : title).append("</h3><ul>").append(content)
                        .append("</ul>");
                highlights.add(new Highlight(title, Jsoup.parseBodyFragment(content).select("li").eachText()));
            }
        }
        html.append(nullToEmpty(Json.text(p, "additional")));
        List<String> tags = new ArrayList<>();
        for (String field : List.of("department", "team")) {
            String v = Json.text(categories, field);
            if (v != null && !tags.contains(v)) {
                tags.add(v);
            }
        }
        List<ApplyLink> links = new ArrayList<>();
        String hosted = Json.text(p, "hostedUrl");
        String apply = Json.text(p, "applyUrl");
        if (apply != null) {
            links.add(new ApplyLink("Lever", apply));
        }
        long created = p.path("createdAt").asLong(0);
        return new SourceListing(Json.text(p, "id"), Json.text(p, "text"), null, Json.text(categories, "location"),
                remote, Json.text(categories, "commitment"), salary(p), html.isEmpty() ? null : html.toString(), true,
                tags, highlights, links, hosted, created > 0 ? Instant.ofEpochMilli(created).toString() : null,
                p.toString());
    }

    /** "EUR 70000 - 90000 per year" from {@code salaryRange}, else the salary description as written. */
    private static String salary(JsonNode p) {
        JsonNode range = p.path("salaryRange");
        if (range.isObject() && range.path("min").isNumber()) {
            String interval = nullToEmpty(Json.text(range, "interval")).toLowerCase(Locale.ROOT);
            String period = interval.contains("year") ? " per year" : interval.contains("month") ? " per month"
                    : interval.contains("week") ? " per week" : interval.contains("day") ? " per day"
                            : interval.contains("hour") ? " per hour" : "";
            return nullToEmpty(Json.text(range, "currency")) + " " + range.path("min").asText() + " - "
                    + range.path("max").asText(range.path("min").asText()) + period;
        }
        return Json.text(p, "salaryDescriptionPlain");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
