package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("JobNote")
public record NoteView(@Id @NonNull String id, @Id @NonNull String applicationId, @Id @NonNull String jobId,
        @NonNull String content, @NonNull OffsetDateTime createdAt, @NonNull OffsetDateTime updatedAt) {

    public static NoteView of(JobNote n) {
        return new NoteView(n.id.toString(), n.applicationId.toString(), n.jobId.toString(), n.content, n.createdAt,
                n.updatedAt);
    }
}
