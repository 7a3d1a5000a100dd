package io.aspaire.pipeline.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.pipeline.domain.ApplicationChange;
import io.aspaire.pipeline.domain.ReminderDueEvent;
import io.aspaire.platform.live.UserChannel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;

/**
 * What this pod pushes to its subscribers, by user: every pod reads every reminder and application event
 * ({@code messaging.in.LiveEventsConsumer}, a consumer group of its own) and hands each to the subscriptions of that
 * event's user opened on this pod, so a subscription only ever sees its caller's own events, whichever pod fired
 * them. Nothing is kept: a user with no subscription here costs one map lookup per event.
 * <p>
 * Each subscription buffers at most {@link UserChannel#DEFAULT_BUFFER} events its client has not taken yet; beyond
 * that it fails (the gateway, which reads them, is stuck), instead of growing without bound.
 */
@ApplicationScoped
public class LiveUpdates {

    private final UserChannel<ReminderDueEvent> reminders = new UserChannel<>();
    private final UserChannel<ApplicationChange> applications = new UserChannel<>();

    /**
     * {@code aspaire_live_subscriptions{subscription}}: open subscriptions on this pod, per field, without any user
     * (docs/observability.md). Operators see the load; tests wait on it after a subscribe, which nothing acknowledges.
     */
    public LiveUpdates(MeterRegistry registry) {
        Gauge.builder("aspaire.live.subscriptions", reminders, UserChannel::total)
                .description("Open GraphQL subscriptions on this pod").tag("subscription", "reminderDue")
                .strongReference(true).register(registry);
        Gauge.builder("aspaire.live.subscriptions", applications, UserChannel::total)
                .description("Open GraphQL subscriptions on this pod").tag("subscription", "applicationChanged")
                .strongReference(true).register(registry);
    }

    public Multi<ReminderDueEvent> reminders(UUID userId) {
        return reminders.subscribe(userId);
    }

    public Multi<ApplicationChange> applicationChanges(UUID userId) {
        return applications.subscribe(userId);
    }

    public boolean watchesReminders(UUID userId) {
        return reminders.watched(userId);
    }

    public boolean watchesApplications(UUID userId) {
        return applications.watched(userId);
    }

    /** Open reminderDue subscriptions of one user on this pod (tests wait on it). */
    public int reminderSubscriptions(UUID userId) {
        return reminders.count(userId);
    }

    /** Open applicationChanged subscriptions of one user on this pod. */
    public int applicationSubscriptions(UUID userId) {
        return applications.count(userId);
    }

    public void reminderDue(UUID userId, ReminderDueEvent event) {
        reminders.publish(userId, event);
    }

    public void applicationChanged(UUID userId, ApplicationChange change) {
        applications.publish(userId, change);
    }
}
