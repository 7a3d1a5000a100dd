package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("Reminder")
public record ReminderView(@Id @NonNull String id, @Id @NonNull String applicationId, @Id @NonNull String jobId,
        @NonNull OffsetDateTime dueAt, String note, @NonNull Reminder.Status status, OffsetDateTime firedAt) {

    public static ReminderView of(Reminder r) {
        return new ReminderView(r.id.toString(), r.applicationId.toString(), r.jobId.toString(), r.dueAt, r.note,
                r.status, r.firedAt);
    }
}
