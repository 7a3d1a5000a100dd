package io.aspaire.users.api;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.aspaire.platform.input.PageRequest;
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
    private final SerialDataAccess serial;

    public UserGraphQLApi(UserService users, PreferencesService preferences, ResumeService resumes,
            CurrentUser currentUser, SerialDataAccess serial) {
        this.users = users;
        this.preferences = preferences;
        this.resumes = resumes;
        this.currentUser = currentUser;
        this.serial = serial;
    }

    @Query("me")
    @Description("The caller's account.")
    public Uni<User> me() {
        return serial.run(() -> users.me());
    }

    @Query("user")
    @Description("A user by id; only the caller's own id is allowed.")
    public Uni<User> user(@Id @NonNull String id) {
        return serial.run(() -> users.byId(Ids.parse(id)));
    }

    @Query("userByAuth")
    @Description("The user an external identity (provider + subject) belongs to. Admins may look up anyone; "
            + "other callers only themselves.")
    public Uni<User> userByAuth(@NonNull AuthProvider provider, @NonNull String subject) {
        return serial.run(() -> users.byAuth(provider, subject));
    }

    /** Federation: resolves User references from other subgraphs in one batch (result order = input order). */
    @Resolver
    public Uni<List<User>> users(@Name("id") List<String> id) {
        return serial.run(() -> users.byIds(id));
    }

    @Mutation("createUser")
    @Description("Creates a user for an external identity (GITHUB, GOOGLE) or links it to the account with the same "
            + "verified e-mail. Idempotent for the same provider + subject. Admin only.")
    public Uni<User> createUser(@NonNull CreateUserInput input) {
        return serial.run(() -> users.createExternal(input));
    }

    @Query("preferences")
    public Uni<Preferences> preferences(@Id @NonNull String userId) {
        return serial.run(() -> preferences.get(Ids.parse("userId", userId)));
    }

    @Mutation("setPreferences")
    @Description("Replaces the user's preferences as a whole; emits PreferencesChanged.")
    public Uni<Preferences> setPreferences(@Id @NonNull String userId, @NonNull PreferencesInput input) {
        return serial.run(() -> preferences.set(Ids.parse("userId", userId), input));
    }

    @Query("resume")
    public Uni<Resume> resume(@Id @NonNull String id) {
        return serial.run(() -> resumes.get(Ids.parse(id)));
    }

    @Query("resumesByUser")
    @Description("The user's resumes, newest first; size at most 100.")
    public Uni<List<Resume>> resumesByUser(@Id @NonNull String userId, @DefaultValue("0") Integer page,
            @DefaultValue("20") Integer size) {
        PageRequest request = PageRequest.of(page, size, 20, ResumeService.MAX_PAGE_SIZE);
        return serial.run(() -> resumes.list(Ids.parse("userId", userId), request.page(), request.size())
                .map(p -> p.items()));
    }

    @Mutation("createResume")
    @Description("Creates a resume from pasted text. (Files are uploaded with REST: POST /resumes, multipart.)")
    public Uni<Resume> createResume(@Id @NonNull String userId, @NonNull NewResume input) {
        return serial.run(() -> resumes.paste(Ids.parse("userId", userId), input));
    }

    @Mutation("updateResume")
    public Uni<Resume> updateResume(@Id @NonNull String id, @NonNull ResumeUpdate input) {
        return serial.run(() -> resumes.update(Ids.parse(id), input));
    }

    @Mutation("deleteResume")
    @Description("Deletes a resume; true when it was deleted.")
    public Uni<Boolean> deleteResume(@Id @NonNull String id) {
        return serial.run(() -> resumes.delete(Ids.parse(id)));
    }

    @Name("preferences")
    public Uni<Preferences> userPreferences(@Source User user) {
        return serial.run(() -> preferences.get(Ids.parse(user.id())));
    }

    @Name("resumes")
    public Uni<List<Resume>> userResumes(@Source User user, @DefaultValue("0") Integer page,
            @DefaultValue("20") Integer size) {
        currentUser.requireSelf(Ids.parse(user.id()));
        PageRequest request = PageRequest.of(page, size, 20, ResumeService.MAX_PAGE_SIZE);
        return serial.run(() -> resumes.list(Ids.parse(user.id()), request.page(), request.size())
                .map(p -> p.items()));
    }
}
