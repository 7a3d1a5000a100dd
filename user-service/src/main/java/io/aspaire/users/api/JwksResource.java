package io.aspaire.users.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.aspaire.users.service.SigningKeys;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify the suite's tokens (RFC 7517), the current one first,
 * each named by the {@code kid} tokens carry. Unauthenticated (public keys) and cacheable for
 * {@code aspaire.users.jwt.jwks-max-age}; every verifier (job-, pipeline-, ai-service, the gateway) reads it.
 */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.jwks())
                .header("Cache-Control", "public, max-age=" + keys.config().jwksMaxAge().toSeconds())
                .build();
    }
}
