package io.aspaire.jobs.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * Lever's Postings API (public, no key): {@code GET /v0/postings/{company}?mode=json} answers a JSON array of postings;
 * an unknown company is a 404 {@code {"ok": false, "error": "Document not found"}}.
 */
@Path("/v0/postings")
public interface LeverApi {

    @GET
    @Path("/{company}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> postings(@PathParam("company") String company, @QueryParam("mode") String mode);
}
