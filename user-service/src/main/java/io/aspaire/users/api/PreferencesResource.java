package io.aspaire.users.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.aspaire.platform.input.Ids;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.domain.Preferences;
import io.aspaire.users.domain.PreferencesInput;
import io.aspaire.users.service.PreferencesService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's job-search preferences ({@code /preferences}), or by user id, which must be the caller's. */
@Path("/preferences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreferencesResource {

    private final PreferencesService preferences;
    private final CurrentUser currentUser;

    public PreferencesResource(PreferencesService preferences, CurrentUser currentUser) {
        this.preferences = preferences;
        this.currentUser = currentUser;
    }

    @GET
    public Uni<Preferences> get() {
        return preferences.get(currentUser.id());
    }

    /** Replaces the whole set of preferences. */
    @PUT
    public Uni<Preferences> put(@Valid PreferencesInput input) {
        return preferences.set(currentUser.id(), input);
    }

    @GET
    @Path("/{userId}")
    public Uni<Preferences> get(@PathParam("userId") String userId) {
        return preferences.get(Ids.required("id", userId));
    }

    @PUT
    @Path("/{userId}")
    public Uni<Preferences> put(@PathParam("userId") String userId, @Valid PreferencesInput input) {
        return preferences.set(Ids.required("id", userId), input);
    }
}
