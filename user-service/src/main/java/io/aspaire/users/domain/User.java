package io.aspaire.users.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.federation.Key;
import io.smallrye.graphql.api.federation.FieldSet;

/** A user as REST and GraphQL show it (never the password hash). The federation entity other subgraphs extend. */
@Key(fields = @FieldSet("id"))
@Description("An AspAIre user. Federation entity keyed by id; other subgraphs reference it.")
public record User(
        @Id @NonNull String id,
        @NonNull String email,
        @NonNull String displayName,
        @NonNull AuthProvider authProvider,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {

    public static User of(UserEntity e) {
        return new User(e.id.toString(), e.email, e.displayName, e.authProvider, e.createdAt, e.updatedAt);
    }
}
