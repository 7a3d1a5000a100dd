package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One change to one of the caller's applications, from any of their devices: saved, moved to another stage, removed.
 * {@code stage} is the stage after the change (null once removed); {@code application} its state when the event was
 * read (null once removed).
 */
@Name("ApplicationChange")
@Description("A change to one of the caller's applications (saved, moved, removed), whichever device made it")
public record ApplicationChange(@NonNull Kind kind, @Id @NonNull String applicationId, @Id @NonNull String jobId,
        Stage from, Stage stage, String comment, @NonNull OffsetDateTime at, ApplicationView application) {

    @Name("ApplicationChangeKind")
    public enum Kind {
        SAVED, STAGE_CHANGED, REMOVED
    }
}
