package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One change to one of the caller's applications, from any of their devices: saved, moved to another stage, removed,
 * a note added, edited or deleted. {@code stage} is the stage after the change (null once removed; for a note, the
 * application's stage when the event was read); {@code application} its state when the event was read (null once
 * removed). For note changes {@code noteId} names the note and {@code note} is its state when the event was read (null
 * once deleted).
 */
@Name("ApplicationChange")
@Description("A change to one of the caller's applications (saved, moved, removed, a note added, edited or deleted), "
        + "whichever device made it")
public record ApplicationChange(@NonNull Kind kind, @Id @NonNull String applicationId, @Id @NonNull String jobId,
        Stage from, Stage stage, String comment, @NonNull OffsetDateTime at, ApplicationView application,
        @Id String noteId, NoteView note) {

    @Name("ApplicationChangeKind")
    public enum Kind {
        SAVED, STAGE_CHANGED, REMOVED, NOTE_ADDED, NOTE_UPDATED, NOTE_REMOVED
    }
}
