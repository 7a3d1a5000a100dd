package io.aspaire.pipeline.messaging.out;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events this service emits, exactly as docs/events.md defines them. Timestamps are ISO-8601 UTC strings. */
public final class Events {

    public static final String APPLICATION_SAVED = "ApplicationSaved";
    public static final String STAGE_CHANGED = "StageChanged";
    public static final String APPLICATION_REMOVED = "ApplicationRemoved";
    public static final String REMINDER_DUE = "ReminderDue";
    public static final String NOTE_ADDED = "NoteAdded";
    public static final String NOTE_UPDATED = "NoteUpdated";
    public static final String NOTE_REMOVED = "NoteRemoved";

    private Events() {
    }

    @RegisterForReflection
    public record ApplicationSaved(String applicationId, String userId, String jobId, String stage, String at) {
    }

    @RegisterForReflection
    public record StageChanged(String applicationId, String userId, String jobId, String from, String to,
            String comment, String at) {
    }

    @RegisterForReflection
    public record ApplicationRemoved(String applicationId, String userId, String jobId, String at) {
    }

    @RegisterForReflection
    public record ReminderDue(String reminderId, String userId, String applicationId, String jobId, String dueAt,
            String note) {
    }

    @RegisterForReflection
    public record NoteAdded(String noteId, String applicationId, String userId, String jobId, String text, String at) {
    }

    @RegisterForReflection
    public record NoteUpdated(String noteId, String applicationId, String userId, String jobId, String text,
            String at) {
    }

    @RegisterForReflection
    public record NoteRemoved(String noteId, String applicationId, String userId, String jobId, String at) {
    }
}
