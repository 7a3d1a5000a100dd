package io.aspaire.jobs.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.aspaire.jobs.client.JobSource;
import io.aspaire.jobs.client.RemotiveSource;
import io.aspaire.jobs.client.SerpApiSource;
import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;
import io.aspaire.jobs.domain.NormalizedJob;
import io.aspaire.jobs.domain.SearchSpec;
import io.aspaire.jobs.service.IngestionService;
import io.aspaire.jobs.service.Normalizer;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * One live search on one source, normalized, not persisted (as the product's /remotive and /serpapi did).
 * Authenticated: SerpAPI searches cost money. Non-blocking: the source's client is reactive.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
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
            boolean remote, String jobType, BigDecimal salaryMin, BigDecimal salaryMax, String salaryCurrency,
            String salaryPeriod, String salaryText, String description, String descriptionHtml, List<String> tags,
            List<Highlight> highlights, List<ApplyLink> applyLinks, String applyUrl, String postedAt) {

        static LiveJob of(NormalizedJob j) {
            return new LiveJob(j.source(), j.externalId(), j.title(), j.company(), j.location(), j.remote(),
                    j.jobType(), j.salary().min(), j.salary().max(), j.salary().currency(), j.salary().period(),
                    j.salary().text(), j.description(), j.descriptionHtml(), j.tags(), j.highlights(), j.applyLinks(),
                    j.applyUrl(), j.postedAt() == null ? null : j.postedAt().toString());
        }
    }

    @GET
    @Path("remotive")
    public Uni<List<LiveJob>> remotive(
            @QueryParam("search") @NotBlank(message = "is required") @Size(max = 200,
                    message = "must be at most 200 characters") String search) {
        currentUser.id();
        return live(remotive, "Remotive", new SearchSpec(search, "", false));
    }

    @GET
    @Path("serpapi")
    public Uni<List<LiveJob>> serpapi(
            @QueryParam("q") @NotBlank(message = "is required") @Size(max = 200,
                    message = "must be at most 200 characters") String q,
            @QueryParam("location") @Size(max = 200, message = "must be at most 200 characters") String location) {
        currentUser.id();
        if (!serpapi.enabled()) {
            throw new SourceDisabledException("SerpAPI is not enabled on this deployment: set SERPAPI_API_KEY");
        }
        return live(serpapi, "SerpAPI", new SearchSpec(q, location, false));
    }

    private static Uni<List<LiveJob>> live(JobSource source, String shownName, SearchSpec spec) {
        Instant now = Instant.now();
        return source.search(spec, null)
                .map(raw -> Normalizer.page(source, raw, now).jobs().stream().map(LiveJob::of).toList())
                .onFailure().transform(e -> new ServiceUnavailableException(
                        shownName + " is unavailable: " + IngestionService.describe(e)));
    }
}
