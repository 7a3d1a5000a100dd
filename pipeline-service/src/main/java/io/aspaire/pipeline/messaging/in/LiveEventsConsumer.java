package io.aspaire.pipeline.messaging.in;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.aspaire.pipeline.domain.ApplicationChange;
import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.pipeline.domain.ReminderDueEvent;
import io.aspaire.pipeline.domain.ReminderView;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.pipeline.service.ApplicationService;
import io.aspaire.pipeline.service.LiveUpdates;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Feeds the GraphQL subscriptions ({@link LiveUpdates}) from this service's own topics: {@code ReminderDue} from
 * aspaire.reminders.v1, {@code ApplicationSaved}/{@code StageChanged}/{@code ApplicationRemoved} from
 * aspaire.applications.v1. A reminder may fire on any pod (the scheduler claims due reminders in the database) while
 * its user's WebSocket is held by another, so every pod must read every event: the channels use consumer groups of
 * their own per pod ({@code pipeline-service-live-reminders-<uuid>}, {@code …-applications-<uuid>}, docs/architecture.md "Subscriptions"), start at the end of
 * the topic and commit nothing.
 * <p>
 * Not the platform inbox: nothing is written, so there is nothing to apply exactly once; an event is only pushed to
 * the subscriptions open now. An unreadable record is logged and skipped (the inbox consumers of the same topics
 * dead-letter it). The application is loaded only when its user has a subscription on this pod.
 */
@ApplicationScoped
public class LiveEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LiveEventsConsumer.class);

    private final EventCodec codec;
    private final LiveUpdates live;
    private final ApplicationService applications;

    public LiveEventsConsumer(EventCodec codec, LiveUpdates live, ApplicationService applications) {
        this.codec = codec;
        this.live = live;
        this.applications = applications;
    }

    @Incoming("reminders-live")
    public Uni<Void> onReminderEvent(String value) {
        CloudEvent event = read(value);
        if (event == null || !Events.REMINDER_DUE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        Events.ReminderDue due = codec.fromData(event, Events.ReminderDue.class);
        UUID userId = UUID.fromString(due.userId());
        if (!live.watchesReminders(userId)) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime firedAt = event.time() == null ? OffsetDateTime.now(ZoneOffset.UTC) : event.time();
        ReminderView reminder = new ReminderView(due.reminderId(), due.applicationId(), due.jobId(),
                OffsetDateTime.parse(due.dueAt()), due.note(), Reminder.Status.FIRED, firedAt);
        return application(due.applicationId())
                .invoke(app -> live.reminderDue(userId, new ReminderDueEvent(reminder, app)))
                .replaceWithVoid();
    }

    @Incoming("applications-live")
    public Uni<Void> onApplicationEvent(String value) {
        CloudEvent event = read(value);
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        ApplicationChange.Kind kind;
        String applicationId;
        String userId;
        String jobId;
        Stage from = null;
        Stage stage = null;
        String comment = null;
        String at;
        switch (event.type()) {
            case Events.APPLICATION_SAVED -> {
                Events.ApplicationSaved saved = codec.fromData(event, Events.ApplicationSaved.class);
                kind = ApplicationChange.Kind.SAVED;
                applicationId = saved.applicationId();
                userId = saved.userId();
                jobId = saved.jobId();
                stage = Stage.valueOf(saved.stage());
                at = saved.at();
            }
            case Events.STAGE_CHANGED -> {
                Events.StageChanged changed = codec.fromData(event, Events.StageChanged.class);
                kind = ApplicationChange.Kind.STAGE_CHANGED;
                applicationId = changed.applicationId();
                userId = changed.userId();
                jobId = changed.jobId();
                from = changed.from() == null ? null : Stage.valueOf(changed.from());
                stage = Stage.valueOf(changed.to());
                comment = changed.comment();
                at = changed.at();
            }
            case Events.APPLICATION_REMOVED -> {
                Events.ApplicationRemoved removed = codec.fromData(event, Events.ApplicationRemoved.class);
                kind = ApplicationChange.Kind.REMOVED;
                applicationId = removed.applicationId();
                userId = removed.userId();
                jobId = removed.jobId();
                at = removed.at();
            }
            default -> {
                return Uni.createFrom().voidItem();
            }
        }
        UUID user = UUID.fromString(userId);
        if (!live.watchesApplications(user)) {
            return Uni.createFrom().voidItem();
        }
        ApplicationChange.Kind k = kind;
        String id = applicationId;
        String job = jobId;
        Stage before = from;
        Stage after = stage;
        String note = comment;
        OffsetDateTime when = OffsetDateTime.parse(at);
        Uni<ApplicationView> current = kind == ApplicationChange.Kind.REMOVED ? Uni.createFrom().nullItem()
                : application(applicationId);
        return current.invoke(app -> live.applicationChanged(user,
                new ApplicationChange(k, id, job, before, after, note, when, app))).replaceWithVoid();
    }

    /** The application as it is now; null when it is gone (removed since the event). */
    private Uni<ApplicationView> application(String applicationId) {
        return Panache.withSession(() -> applications.get(UUID.fromString(applicationId)))
                .map(ApplicationView::of)
                .onFailure().recoverWithNull();
    }

    private CloudEvent read(String value) {
        try {
            return codec.read(value);
        } catch (RuntimeException e) {
            LOG.warnf("Unreadable record skipped by the subscriptions feed: %s", e.getMessage());
            return null;
        }
    }
}
