package io.aspaire.users.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.postgresql.SessionPerFetcher;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.domain.AuthProvider;
import io.aspaire.users.domain.CreateUserInput;
import io.aspaire.users.domain.NewResume;
import io.aspaire.users.domain.Preferences;
import io.aspaire.users.domain.PreferencesInput;
import io.aspaire.users.domain.Resume;
import io.aspaire.users.domain.ResumeUpdate;
import io.aspaire.users.domain.User;
import io.aspaire.users.service.PreferencesService;
import io.aspaire.users.service.ResumeService;
import io.aspaire.users.service.UserService;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Uni;

/**
 * The user-service subgraph (Apollo Federation 2). Owns the {@code User} entity ({@code @key(fields: "id")}) with its
 * {@code preferences} and {@code resumes}. Every operation requires a token and acts on the caller's own data only:
 * another user's id yields FORBIDDEN, never the data.
 * <p>
 * Every fetcher runs through {@link SessionPerFetcher}: graphql-java resolves sibling fields concurrently, and each
 * fetcher gets its own Hibernate Reactive session (a session allows one operation at a time) instead of waiting for
 * the others.
 * <p>
 * Federation v2.7, not v2.3: SmallRye GraphQL 2.17 always declares {@code @federation__override(from, label)}, and
 * {@code label} only exists from v2.7 on; with a v2.3 link {@code @apollo/composition} rejects the subgraph.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@external"), @Import(name = "@requires"),
        @Import(name = "@provides"), @Import(name = "@shareable"), @Import(name = "@extends") })
public class UserGraphQLApi {

    private final UserService users;
    private final PreferencesService preferences;
    private final ResumeService resumes;
    private final CurrentUser currentUser;

    public UserGraphQLApi(UserService users, PreferencesService preferences, ResumeService resumes,
            CurrentUser currentUser) {
        this.users = users;
        this.preferences = preferences;
        this.resumes = resumes;
        this.currentUser = currentUser;
    }

    @Query("me")
    @Description("The caller's account.")
    public Uni<User> me() {
        return SessionPerFetcher.run(() -> users.me());
    }

    @Query("user")
    @Description("A user by id; only the caller's own id is allowed.")
    public Uni<User> user(@Id @NonNull String id) {
        return SessionPerFetcher.run(() -> users.byId(Ids.required("id", id)));
    }

    @Query("userByAuth")
    @Description("The user an external identity (provider + subject) belongs to. Admins may look up anyone; "
            + "other callers only themselves.")
    public Uni<User> userByAuth(@NonNull AuthProvider provider, @NonNull String subject) {
        return SessionPerFetcher.run(() -> users.byAuth(provider, subject));
    }

    /** Federation: resolves User references from other subgraphs in one batch (result order = input order). */
    @Resolver
    public Uni<List<User>> users(@Name("id") List<String> id) {
        List<UUID> ids = id.stream().map(value -> Ids.required("id", value)).toList();
        return SessionPerFetcher.run(() -> users.byIds(ids));
    }

    @Mutation("createUser")
    @Description("Creates a user for an external identity (GITHUB, GOOGLE) or links it to the account with the same "
            + "verified e-mail. Idempotent for the same provider + subject. Admin only.")
    public Uni<User> createUser(@NonNull CreateUserInput input) {
        return SessionPerFetcher.run(() -> users.createExternal(input));
    }

    @Query("preferences")
    public Uni<Preferences> preferences(@Id @NonNull String userId) {
        return SessionPerFetcher.run(() -> preferences.get(Ids.required("userId", userId)));
    }

    @Mutation("setPreferences")
    @Description("Replaces the user's preferences as a whole; emits PreferencesChanged.")
    public Uni<Preferences> setPreferences(@Id @NonNull String userId, @NonNull PreferencesInput input) {
        return SessionPerFetcher.run(() -> preferences.set(Ids.required("userId", userId), input));
    }

    @Query("resume")
    public Uni<Resume> resume(@Id @NonNull String id) {
        return SessionPerFetcher.run(() -> resumes.get(Ids.required("id", id)));
    }

    @Query("resumesByUser")
    @Description("The user's resumes, newest first; size at most 100.")
    public Uni<List<Resume>> resumesByUser(@Id @NonNull String userId, @DefaultValue("0") Integer page,
            @DefaultValue("20") Integer size) {
        PageRequest request = PageRequest.of(page, size, 20, ResumeService.MAX_PAGE_SIZE);
        UUID owner = Ids.required("userId", userId);
        return SessionPerFetcher.run(() -> resumes.list(owner, request.page(), request.size()).map(p -> p.items()));
    }

    @Mutation("createResume")
    @Description("Creates a resume from pasted text. (Files are uploaded with REST: POST /resumes, multipart.)")
    public Uni<Resume> createResume(@Id @NonNull String userId, @NonNull NewResume input) {
        return SessionPerFetcher.run(() -> resumes.paste(Ids.required("userId", userId), input));
    }

    @Mutation("updateResume")
    public Uni<Resume> updateResume(@Id @NonNull String id, @NonNull ResumeUpdate input) {
        return SessionPerFetcher.run(() -> resumes.update(Ids.required("id", id), input));
    }

    @Mutation("deleteResume")
    @Description("Deletes a resume; true when it was deleted.")
    public Uni<Boolean> deleteResume(@Id @NonNull String id) {
        return SessionPerFetcher.run(() -> resumes.delete(Ids.required("id", id)));
    }

    @Name("preferences")
    public Uni<Preferences> userPreferences(@Source User user) {
        return SessionPerFetcher.run(() -> preferences.get(Ids.required("id", user.id())));
    }

    @Name("resumes")
    public Uni<List<Resume>> userResumes(@Source User user, @DefaultValue("0") Integer page,
            @DefaultValue("20") Integer size) {
        UUID owner = currentUser.requireSelf(Ids.required("id", user.id()));
        PageRequest request = PageRequest.of(page, size, 20, ResumeService.MAX_PAGE_SIZE);
        return SessionPerFetcher.run(() -> resumes.list(owner, request.page(), request.size()).map(p -> p.items()));
    }
}
