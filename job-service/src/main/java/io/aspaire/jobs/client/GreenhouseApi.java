package io.aspaire.jobs.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * Greenhouse's Job Board API (public, no key): {@code GET /v1/boards/{board}/jobs?content=true} answers
 * {@code {"jobs": [...], "meta": {"total": n}}}, each job with its description in {@code content} (HTML, entity-escaped);
 * an unknown board is a 404. Read as text: the raw answer is cached as it came.
 */
@Path("/v1/boards")
public interface GreenhouseApi {

    @GET
    @Path("/{board}/jobs")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> jobs(@PathParam("board") String board, @QueryParam("content") boolean content);
}
