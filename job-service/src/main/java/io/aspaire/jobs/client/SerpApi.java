package io.aspaire.jobs.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** SerpAPI's Google Jobs engine: {@code GET /search.json?engine=google_jobs&q=&location=&next_page_token=&api_key=}. */
@RegisterRestClient(configKey = "serpapi")
@Path("/search.json")
public interface SerpApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(@QueryParam("engine") String engine, @QueryParam("q") String q,
            @QueryParam("location") String location, @QueryParam("next_page_token") String nextPageToken,
            @QueryParam("api_key") String apiKey);
}
