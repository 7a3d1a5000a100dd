package io.aspaire.platform.deadletters;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.aspaire.platform.security.CurrentUser;

/**
 * {@code POST /admin/dead-letters/{topic}/replay} on every service, for administrators (JWT group {@code admin}):
 * replays {@code <topic>.dlq} onto {@code <topic>} after the cause was fixed (see {@link DeadLetterReplay} and
 * docs/events.md). Any service's endpoint can replay any topic's dead letters; each is replayed once.
 */
@Path("/admin/dead-letters")
@RolesAllowed(CurrentUser.ADMIN)
public class DeadLetterResource {

    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @POST
    @Path("/{topic}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    public DeadLetterReplay.Result replay(@PathParam("topic") String topic) {
        return replay.replay(topic); // a plain return type: RESTEasy Reactive runs it on a worker thread
    }
}
