package io.aspaire.platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A consumer as services write them: every effect goes through the inbox. Counts deliveries for the tests, and
 * plays two kinds of failure: {@code ProbeNeedsFix} fails (a bug) until {@link #fix()}, {@code ProbeFlaky} fails like
 * an unreachable database on its first two attempts.
 */
@ApplicationScoped
public class ProbeConsumer {

    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicBoolean fixed = new AtomicBoolean();
    private final AtomicInteger flakyAttempts = new AtomicInteger();
    private final Inbox inbox;

    public ProbeConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Records handed to the inbox so far (applied or recognised as duplicates). */
    public int deliveries() {
        return deliveries.get();
    }

    /** The "deployed fix": ProbeNeedsFix events apply from now on. */
    public void fix() {
        fixed.set(true);
    }

    public int flakyAttempts() {
        return flakyAttempts.get();
    }

    @Incoming("probe-in")
    public Uni<Void> onProbeEvent(String value) {
        return inbox.consume("probe-consumer", value, event -> {
            if ("ProbeNeedsFix".equals(event.type()) && !fixed.get()) {
                throw new IllegalStateException("no handler for ProbeNeedsFix yet");
            }
            if ("ProbeFlaky".equals(event.type()) && flakyAttempts.incrementAndGet() <= 2) {
                return Uni.createFrom().failure(new java.net.ConnectException("Connection refused: localhost/5432"));
            }
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery("insert into probe_effect (event_id, probe_id) values (:e, :p)")
                            .setParameter("e", event.id())
                            .setParameter("p", java.util.UUID.fromString(event.subject()))
                            .executeUpdate());
        })
                .invoke(deliveries::incrementAndGet)
                .replaceWithVoid();
    }
}
