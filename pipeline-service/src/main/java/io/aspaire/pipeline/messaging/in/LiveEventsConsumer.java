package io.aspaire.pipeline.messaging.in;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.pipeline.domain.ApplicationChange;
import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.domain.NoteView;
import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.pipeline.domain.ReminderDueEvent;
import io.aspaire.pipeline.domain.ReminderView;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.pipeline.service.ApplicationService;
import io.aspaire.pipeline.service.LiveUpdates;
import io.aspaire.pipeline.service.NoteService;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Feeds the GraphQL subscriptions ({@link LiveUpdates}) from this service's own topics: {@code ReminderDue} from
 * aspaire.reminders.v1, {@code ApplicationSaved}/{@code StageChanged}/{@code ApplicationRemoved} and
 * {@code NoteAdded}/{@code NoteUpdated}/{@code NoteRemoved} from aspaire.applications.v1 (other types are skipped). A reminder may fire on any pod (the scheduler claims due reminders in the database) while
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

    private final EventCodec codec;
    private final LiveUpdates live;
    private final ApplicationService applications;
    private final NoteService notes;

    public LiveEventsConsumer(EventCodec codec, LiveUpdates live, ApplicationService applications, NoteService notes) {
        this.codec = codec;
        this.live = live;
        this.applications = applications;
        this.notes = notes;
    }

    @Incoming("reminders-live")
    public Uni<Void> onReminderEvent(String value) {
        CloudEvent event = codec.readOrSkip(value, "the subscriptions feed");
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

    /** What one application event says, before the application (and note) are read as they are now. */
    private record Parsed(ApplicationChange.Kind kind, String applicationId, String userId, String jobId, Stage from,
            Stage stage, String comment, String at, String noteId) {
    }

    @Incoming("applications-live")
    public Uni<Void> onApplicationEvent(String value) {
        CloudEvent event = codec.readOrSkip(value, "the subscriptions feed");
        Parsed parsed = event == null ? null : parse(event);
        if (parsed == null) {
            return Uni.createFrom().voidItem(); // unreadable, or a type the subscriptions do not carry
        }
        UUID user = UUID.fromString(parsed.userId());
        if (!live.watchesApplications(user)) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime when = OffsetDateTime.parse(parsed.at());
        Uni<ApplicationView> current = parsed.kind() == ApplicationChange.Kind.REMOVED ? Uni.createFrom().nullItem()
                : application(parsed.applicationId());
        Uni<NoteView> note = parsed.noteId() == null ? Uni.createFrom().nullItem() : note(parsed.noteId(), user);
        // one after the other: both reads would otherwise share this context's session at the same time
        return current.chain(app -> note.invoke(noteNow -> {
            // a note change leaves the application where it is: it counts for the stage it is in
            Stage stage = parsed.noteId() == null ? parsed.stage() : app == null ? null : app.stage();
            live.applicationChanged(user, new ApplicationChange(parsed.kind(), parsed.applicationId(), parsed.jobId(),
                    parsed.from(), stage, parsed.comment(), when, app, parsed.noteId(), noteNow));
        })).replaceWithVoid();
    }

    private Parsed parse(CloudEvent event) {
        return switch (event.type()) {
            case Events.APPLICATION_SAVED -> {
                Events.ApplicationSaved saved = codec.fromData(event, Events.ApplicationSaved.class);
                yield new Parsed(ApplicationChange.Kind.SAVED, saved.applicationId(), saved.userId(), saved.jobId(),
                        null, Stage.valueOf(saved.stage()), null, saved.at(), null);
            }
            case Events.STAGE_CHANGED -> {
                Events.StageChanged changed = codec.fromData(event, Events.StageChanged.class);
                yield new Parsed(ApplicationChange.Kind.STAGE_CHANGED, changed.applicationId(), changed.userId(),
                        changed.jobId(), changed.from() == null ? null : Stage.valueOf(changed.from()),
                        Stage.valueOf(changed.to()), changed.comment(), changed.at(), null);
            }
            case Events.APPLICATION_REMOVED -> {
                Events.ApplicationRemoved removed = codec.fromData(event, Events.ApplicationRemoved.class);
                yield new Parsed(ApplicationChange.Kind.REMOVED, removed.applicationId(), removed.userId(),
                        removed.jobId(), null, null, null, removed.at(), null);
            }
            case Events.NOTE_ADDED -> {
                Events.NoteAdded added = codec.fromData(event, Events.NoteAdded.class);
                yield new Parsed(ApplicationChange.Kind.NOTE_ADDED, added.applicationId(), added.userId(),
                        added.jobId(), null, null, null, added.at(), added.noteId());
            }
            case Events.NOTE_UPDATED -> {
                Events.NoteUpdated updated = codec.fromData(event, Events.NoteUpdated.class);
                yield new Parsed(ApplicationChange.Kind.NOTE_UPDATED, updated.applicationId(), updated.userId(),
                        updated.jobId(), null, null, null, updated.at(), updated.noteId());
            }
            case Events.NOTE_REMOVED -> {
                Events.NoteRemoved removed = codec.fromData(event, Events.NoteRemoved.class);
                yield new Parsed(ApplicationChange.Kind.NOTE_REMOVED, removed.applicationId(), removed.userId(),
                        removed.jobId(), null, null, null, removed.at(), removed.noteId());
            }
            default -> null; // other types on the topic are not for the subscriptions
        };
    }

    /** The note as it is now, if it is still there and the user's; null otherwise. */
    private Uni<NoteView> note(String noteId, UUID userId) {
        return notes.find(UUID.fromString(noteId))
                .map(note -> note == null || !note.userId.equals(userId) ? null : NoteView.of(note))
                .onFailure().recoverWithNull();
    }

    /** The application as it is now; null when it is gone (removed since the event). */
    private Uni<ApplicationView> application(String applicationId) {
        return Panache.withSession(() -> applications.get(UUID.fromString(applicationId)))
                .map(ApplicationView::of)
                .onFailure().recoverWithNull();
    }

}
