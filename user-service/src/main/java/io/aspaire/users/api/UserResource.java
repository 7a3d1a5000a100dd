package io.aspaire.users.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.users.domain.LoginRequest;
import io.aspaire.users.domain.ProfileUpdate;
import io.aspaire.users.domain.RefreshRequest;
import io.aspaire.users.domain.RegisterRequest;
import io.aspaire.users.domain.TokenResponse;
import io.aspaire.users.domain.User;
import io.aspaire.users.service.TokenService;
import io.aspaire.users.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Accounts and sign-in. Register/login/refresh/logout are public; everything else acts on the caller only. */
@Path("/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final TokenService tokens;

    public UserResource(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @POST
    @Path("/register")
    public Uni<RestResponse<User>> register(@Valid RegisterRequest request) {
        return users.register(request).map(user -> RestResponse.status(RestResponse.Status.CREATED, user));
    }

    /** E-mail + password -> access token (JWT) + refresh token. One message for unknown e-mail and wrong password. */
    @POST
    @Path("/login")
    public Uni<TokenResponse> login(@Valid LoginRequest request, @Context HttpServerRequest http) {
        return users.login(request, ClientAddress.of(http));
    }

    /** A refresh token -> new tokens; the refresh token is single use. */
    @POST
    @Path("/refresh")
    public Uni<TokenResponse> refresh(@Valid RefreshRequest request) {
        return tokens.refresh(requireBody(request).refreshToken());
    }

    /** Revokes the refresh token (the short-lived access token simply expires). */
    @POST
    @Path("/logout")
    public Uni<RestResponse<Void>> logout(@Valid RefreshRequest request) {
        return tokens.revoke(requireBody(request).refreshToken()).map(x -> RestResponse.noContent());
    }

    /** An empty body or the JSON {@code null} arrives as null (bean validation passes it). */
    private static RefreshRequest requireBody(RefreshRequest request) {
        if (request == null) {
            throw new BadRequestException("a JSON body {\"refreshToken\": \"...\"} is required");
        }
        return request;
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<User> me() {
        return users.me();
    }

    @PUT
    @Path("/me")
    @Authenticated
    public Uni<User> update(@Valid ProfileUpdate update) {
        return users.updateProfile(update);
    }

    /** Deletes the account and all its data; UserDeleted tells the other services to do the same. */
    @DELETE
    @Path("/me")
    @Authenticated
    public Uni<RestResponse<Void>> delete() {
        return users.deleteMe().map(x -> RestResponse.noContent());
    }

    @GET
    @Path("/{id}")
    @Authenticated
    public Uni<User> byId(@PathParam("id") String id) {
        return users.byId(Ids.required("id", id));
    }
}
