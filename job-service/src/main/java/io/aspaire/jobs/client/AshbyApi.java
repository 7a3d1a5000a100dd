package io.aspaire.jobs.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * Ashby's public Posting API (no key): {@code GET /posting-api/job-board/{name}?includeCompensation=true} answers
 * {@code {"apiVersion": "1", "jobs": [...]}}; an unknown job board is a 404.
 */
@Path("/posting-api/job-board")
public interface AshbyApi {

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> jobBoard(@PathParam("name") String name, @QueryParam("includeCompensation") boolean includeCompensation);
}
