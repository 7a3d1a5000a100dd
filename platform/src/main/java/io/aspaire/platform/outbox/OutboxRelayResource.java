package io.aspaire.platform.outbox;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.security.CurrentUser;

/**
 * {@code /admin/outbox/relay} on every service with an outbox, for administrators (JWT group {@code admin}): pause the
 * relay (events keep committing and wait in the store: a broker outage, a test that watches the backlog gauges),
 * resume it, and read its state. The backlog figures are the metrics' snapshot (refreshed every few seconds), the
 * same as {@code aspaire_outbox_backlog} on {@code /q/metrics}.
 */
@Path("/admin/outbox/relay")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OutboxRelayResource {

    /** What the relay is doing. */
    public record State(boolean running, long backlog, double oldestAgeSeconds) {
    }

    private final Instance<OutboxRelay> relay;
    private final OutboxMetrics metrics;

    public OutboxRelayResource(Instance<OutboxRelay> relay, OutboxMetrics metrics) {
        this.relay = relay;
        this.metrics = metrics;
    }

    @GET
    public State state() {
        OutboxMetrics.Backlog backlog = metrics.backlog();
        return new State(relay().isRunning(), backlog.events(), backlog.oldest() == null ? 0
                : Math.max(0, java.time.Duration.between(backlog.oldest(), java.time.Instant.now()).toMillis() / 1000.0));
    }

    @POST
    @Path("/pause")
    public State pause() {
        relay().pause();
        return state();
    }

    @POST
    @Path("/resume")
    public State resume() {
        relay().resume();
        return state();
    }

    private OutboxRelay relay() {
        if (!relay.isResolvable()) {
            throw new NotFoundException("this service has no outbox relay");
        }
        return relay.get();
    }
}
