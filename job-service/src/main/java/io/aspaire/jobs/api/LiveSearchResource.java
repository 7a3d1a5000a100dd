package io.aspaire.jobs.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.service.IngestionService;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * One live search on one source, normalized, not persisted (as the product's /remotive and /serpapi did).
 * Authenticated: SerpAPI searches cost money.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
public class LiveSearchResource {

    private final RemotiveSource remotive;
    private final SerpApiSource serpapi;
    private final CurrentUser currentUser;

    public LiveSearchResource(RemotiveSource remotive, SerpApiSource serpapi, CurrentUser currentUser) {
        this.remotive = remotive;
        this.serpapi = serpapi;
        this.currentUser = currentUser;
    }

    /** A listing as the live search returns it (the normalized form, without the raw payload). */
    public record LiveJob(String source, String externalId, String title, String company, String location,
            boolean remote, String jobType, java.math.BigDecimal salaryMin, java.math.BigDecimal salaryMax,
            String salaryCurrency, String salaryPeriod, String salaryText, String description, String descriptionHtml,
            List<String> tags, List<io.aspaire.jobs.domain.Highlight> highlights,
            List<io.aspaire.jobs.domain.ApplyLink> applyLinks, String applyUrl, String postedAt) {

        static LiveJob of(NormalizedJob j) {
            return new LiveJob(j.source().name(), j.externalId(), j.title(), j.company(), j.location(), j.remote(),
                    j.jobType(), j.salary().min(), j.salary().max(), j.salary().currency(), j.salary().period(),
                    j.salary().text(), j.description(), j.descriptionHtml(), j.tags(), j.highlights(), j.applyLinks(),
                    j.applyUrl(), j.postedAt() == null ? null : j.postedAt().toString());
        }
    }

    @GET
    @Path("remotive")
    public List<LiveJob> remotive(@QueryParam("search") String search) {
        currentUser.id();
        String q = required("search", search);
        try {
            return remotive.search(q).jobs().stream().map(LiveJob::of).toList();
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("Remotive is unavailable: " + IngestionService.describe(e));
        }
    }

    @GET
    @Path("serpapi")
    public List<LiveJob> serpapi(@QueryParam("q") String q, @QueryParam("location") String location) {
        currentUser.id();
        String query = required("q", q);
        if (location != null && location.length() > 200) {
            throw new BadRequestException("location must be at most 200 characters");
        }
        if (!serpapi.enabled()) {
            throw new SourceDisabledException("SerpAPI is not enabled on this deployment: set SERPAPI_API_KEY");
        }
        try {
            return serpapi.search(query, location, null).jobs().stream().map(LiveJob::of).toList();
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("SerpAPI is unavailable: " + IngestionService.describe(e));
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("query parameter '" + name + "' is required");
        }
        if (value.length() > 200) {
            throw new BadRequestException("query parameter '" + name + "' must be at most 200 characters");
        }
        return value.trim();
    }
}
