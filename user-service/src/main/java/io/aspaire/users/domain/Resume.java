package io.aspaire.users.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A resume as REST and GraphQL show it. REST lists leave {@code text} out (null); a single resume carries it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resume(
        @Id @NonNull String id,
        @Id @NonNull String userId,
        @NonNull String title,
        @NonNull ResumeSource source,
        String originalFileName,
        String mediaType,
        Long sizeBytes,
        @JsonProperty("isDefault") @Name("isDefault") boolean isDefault,
        String text,
        int textLength,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {

    public static Resume of(ResumeEntity e) {
        return new Resume(e.id.toString(), e.userId.toString(), e.title, e.source, e.originalFileName, e.mediaType,
                e.sizeBytes, e.isDefault, e.text, e.text.length(), e.createdAt, e.updatedAt);
    }

    /** Without the text: for lists, where the full text of every resume is more than a client wants. */
    public Resume withoutText() {
        return new Resume(id, userId, title, source, originalFileName, mediaType, sizeBytes, isDefault, null,
                textLength, createdAt, updatedAt);
    }
}
