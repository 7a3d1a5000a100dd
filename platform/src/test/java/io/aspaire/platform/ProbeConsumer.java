package io.aspaire.platform;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A consumer as services write them: every effect goes through the inbox. Counts deliveries for the tests. */
@ApplicationScoped
public class ProbeConsumer {

    private final AtomicInteger deliveries = new AtomicInteger();
    private final Inbox inbox;

    public ProbeConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Records handed to the inbox so far (applied or recognised as duplicates). */
    public int deliveries() {
        return deliveries.get();
    }

    @Incoming("probe-in")
    public Uni<Void> onProbeEvent(String value) {
        return inbox.consume("probe-consumer", value, event -> Panache.getSession()
                .chain(s -> s.createNativeQuery("insert into probe_effect (event_id, probe_id) values (:e, :p)")
                        .setParameter("e", event.id())
                        .setParameter("p", java.util.UUID.fromString(event.subject()))
                        .executeUpdate()))
                .invoke(deliveries::incrementAndGet)
                .replaceWithVoid();
    }
}
