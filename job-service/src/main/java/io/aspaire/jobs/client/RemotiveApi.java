package io.aspaire.jobs.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * Remotive's public API (no key): {@code GET /api/remote-jobs?search=&category=&limit=}. The body is read as text so
 * that the raw response can be cached as it came and a malformed one reported as such.
 */
@RegisterRestClient(configKey = "remotive")
@Path("/api/remote-jobs")
public interface RemotiveApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(@QueryParam("search") String search, @QueryParam("category") String category,
            @QueryParam("limit") Integer limit);
}
