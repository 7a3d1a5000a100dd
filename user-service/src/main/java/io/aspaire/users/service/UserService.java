package io.aspaire.users.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.platform.input.Validation;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ConflictException;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.domain.AuthProvider;
import io.aspaire.users.domain.CreateUserInput;
import io.aspaire.users.messaging.out.Events;
import io.aspaire.users.domain.LoginRequest;
import io.aspaire.users.domain.ProfileUpdate;
import io.aspaire.users.domain.RegisterRequest;
import io.aspaire.users.domain.TokenResponse;
import io.aspaire.users.domain.User;
import io.aspaire.users.domain.UserEntity;
import io.aspaire.users.domain.UserIdentityEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Accounts: registration, login, profile, deletion, and external identities (createUser / userByAuth). */
@ApplicationScoped
public class UserService {

    static final String BAD_CREDENTIALS = "invalid e-mail or password";

    private final Outbox outbox;
    private final Passwords passwords;
    private final TokenService tokens;
    private final CurrentUser currentUser;
    private final Validation validation;
    private final SignInThrottle throttle;
    @jakarta.inject.Inject
    io.aspaire.platform.accounts.DeletedAccounts deletedAccounts;
    @jakarta.inject.Inject
    io.aspaire.platform.accounts.DeletedAccountsCache deletedAccountsCache;

    public UserService(Outbox outbox, Passwords passwords, TokenService tokens, CurrentUser currentUser,
            Validation validation, SignInThrottle throttle) {
        this.throttle = throttle;
        this.outbox = outbox;
        this.passwords = passwords;
        this.tokens = tokens;
        this.currentUser = currentUser;
        this.validation = validation;
    }

    public Uni<User> register(RegisterRequest request) {
        validation.check("registration", request);
        String email = UserEntity.normalizeEmail(request.email());
        String displayName = request.displayName() == null || request.displayName().isBlank()
                ? email.substring(0, email.indexOf('@'))
                : request.displayName().strip();
        return passwords.hash(request.password()).chain(hash -> Panache.withTransaction(() -> UserEntity
                .findByEmail(email)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(emailTaken());
                    }
                    UserEntity user = newUser(email, displayName, AuthProvider.LOCAL, null);
                    user.passwordHash = hash;
                    return createWithIdentity(user);
                })))
                .onFailure(UserService::isEmailUniqueViolation).transform(e -> emailTaken())
                .map(User::of);
    }

    /**
     * E-mail + password -> tokens. Throttled per account and client address ({@link SignInThrottle}): a blocked
     * attempt gets 429 before any database access or hashing.
     */
    public Uni<TokenResponse> login(LoginRequest request, String clientAddress) {
        validation.check("login", request);
        String email = UserEntity.normalizeEmail(request.email());
        throttle.check(email, clientAddress);
        return Panache.withSession(() -> UserEntity.findByEmail(email))
                .chain(user -> passwords.matches(request.password(), user == null ? null : user.passwordHash)
                        .chain(ok -> {
                            if (!ok) {
                                throttle.failed(email, clientAddress);
                                return Uni.createFrom().failure(new UnauthenticatedException(BAD_CREDENTIALS));
                            }
                            throttle.succeeded(email, clientAddress);
                            return Panache.withTransaction(() -> tokens.issue(user));
                        }));
    }

    public Uni<User> me() {
        UUID me = currentUser.id();
        return Panache.withSession(() -> UserEntity.<UserEntity> findById(me)).map(this::existing).map(User::of);
    }

    /** A user by id: only the user themself may read it. */
    public Uni<User> byId(UUID id) {
        currentUser.requireSelf(id);
        return Panache.withSession(() -> UserEntity.<UserEntity> findById(id)).map(this::existing).map(User::of);
    }

    /**
     * Federation entity resolution: one position per id, in order; null for unknown ids. Only the caller's own user
     * is resolvable; any other id is refused rather than shown.
     */
    public Uni<List<User>> byIds(List<UUID> uuids) {
        UUID me = currentUser.id();
        if (uuids.stream().anyMatch(id -> !id.equals(me))) {
            return Uni.createFrom().failure(new ForbiddenException("this data belongs to another user"));
        }
        return Panache.withSession(() -> UserEntity.<UserEntity> list("id in ?1", uuids))
                .map(found -> {
                    Map<UUID, UserEntity> byId = found.stream()
                            .collect(Collectors.toMap(u -> u.id, Function.identity()));
                    return uuids.stream().map(id -> byId.containsKey(id) ? User.of(byId.get(id)) : null).toList();
                });
    }

    public Uni<User> updateProfile(ProfileUpdate update) {
        validation.check("profile", update);
        UUID me = currentUser.id();
        return Panache.withTransaction(() -> UserEntity.<UserEntity> findById(me).map(this::existing)
                .chain(user -> {
                    String email = update.email() == null ? user.email : UserEntity.normalizeEmail(update.email());
                    Uni<Void> free = email.equals(user.email) ? Uni.createFrom().voidItem()
                            : UserEntity.findByEmail(email).chain(other -> other == null
                                    ? Uni.createFrom().voidItem()
                                    : Uni.createFrom().failure(emailTaken()));
                    return free.chain(() -> {
                        user.email = email;
                        if (update.displayName() != null) {
                            user.displayName = update.displayName().strip();
                        }
                        user.updatedAt = TokenService.now();
                        return outbox.publish(Topics.USERS, Events.USER_UPDATED, user.id.toString(),
                                new Events.UserUpdated(user.id.toString(), user.email, user.displayName,
                                        user.updatedAt))
                                .replaceWith(user);
                    });
                }))
                .onFailure(UserService::isEmailUniqueViolation).transform(e -> emailTaken())
                .map(User::of);
    }

    /**
     * Deletes the caller's account with everything it owns (resumes, preferences, refresh tokens, identities) and
     * records UserDeleted in the same transaction, so every other service deletes that user's data too.
     */
    public Uni<Void> deleteMe() {
        UUID me = currentUser.id();
        // the tombstone (platform DeletedAccounts) makes every later request with this user's tokens a 401, here
        // within about a second and in the other services once they applied UserDeleted; AccountEraser deletes
        // the user's row lock first, as every resume/preferences write takes it (UserWrites): no deadlock with them
        return Panache.withTransaction(() -> UserEntity.<UserEntity> findById(me,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).map(this::existing)
                .chain(user -> deletedAccounts.erase(me))
                .chain(() -> outbox.publish(Topics.USERS, Events.USER_DELETED, me.toString(),
                        new Events.UserDeleted(me.toString(), TokenService.now()))))
                .invoke(() -> deletedAccountsCache.remember(me)) // committed: this replica refuses the token at once
                .replaceWithVoid();
    }

    /**
     * The user an external identity belongs to. Admins (the sign-in flow) may look up anyone; a user may only find
     * their own account, and gets FORBIDDEN otherwise, whether the identity exists or not.
     */
    public Uni<User> byAuth(AuthProvider provider, String subject) {
        UUID me = currentUser.id();
        boolean admin = currentUser.isAdmin();
        if (provider == null || subject == null || subject.isBlank()) {
            throw new BadRequestException("provider and subject are required");
        }
        return Panache.withSession(() -> UserIdentityEntity.<UserIdentityEntity> findById(
                new UserIdentityEntity.Key(provider, subject))
                .chain(identity -> identity == null ? Uni.createFrom().<UserEntity> nullItem()
                        : UserEntity.<UserEntity> findById(identity.userId)))
                .map(user -> {
                    if (!admin && (user == null || !user.id.equals(me))) {
                        throw new ForbiddenException("only administrators may look up other users' identities");
                    }
                    return user == null ? null : User.of(user);
                });
    }

    /**
     * Creates a user for an external identity, or links it to the account with the same e-mail; idempotent for the
     * same provider + subject. Admin only: the caller (the sign-in flow) vouches that the provider verified the
     * e-mail, since linking by e-mail would otherwise let anyone take over an account.
     */
    public Uni<User> createExternal(CreateUserInput input) {
        currentUser.id();
        if (!currentUser.isAdmin()) {
            throw new ForbiddenException("createUser is reserved to administrators (the sign-in flow)");
        }
        validation.check("input", input);
        if (input.provider() == AuthProvider.LOCAL) {
            throw new BadRequestException("provider: LOCAL accounts are created with POST /user/register");
        }
        String email = UserEntity.normalizeEmail(input.email());
        UserIdentityEntity.Key key = new UserIdentityEntity.Key(input.provider(), input.subject());
        return Panache.withTransaction(() -> UserIdentityEntity.<UserIdentityEntity> findById(key)
                .chain(identity -> {
                    if (identity != null) {
                        return UserEntity.<UserEntity> findById(identity.userId);
                    }
                    return UserEntity.findByEmail(email).chain(existing -> {
                        if (existing != null) {
                            return identity(existing.id, input.provider(), input.subject()).persist()
                                    .replaceWith(existing);
                        }
                        String name = input.displayName() == null || input.displayName().isBlank()
                                ? email.substring(0, email.indexOf('@'))
                                : input.displayName().strip();
                        return createWithIdentity(newUser(email, name, input.provider(), input.subject()));
                    });
                }))
                .map(User::of);
    }

    private Uni<UserEntity> createWithIdentity(UserEntity user) {
        return user.persist()
                .chain(() -> identity(user.id, user.authProvider, user.providerSubject).persist())
                .chain(() -> outbox.publish(Topics.USERS, Events.USER_REGISTERED, user.id.toString(),
                        new Events.UserRegistered(user.id.toString(), user.email, user.displayName,
                                user.authProvider, user.createdAt)))
                .replaceWith(user);
    }

    private static UserEntity newUser(String email, String displayName, AuthProvider provider, String subject) {
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = displayName;
        user.authProvider = provider;
        user.providerSubject = subject == null ? user.id.toString() : subject;
        user.createdAt = TokenService.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    private static UserIdentityEntity identity(UUID userId, AuthProvider provider, String subject) {
        UserIdentityEntity identity = new UserIdentityEntity();
        identity.provider = provider;
        identity.subject = subject;
        identity.userId = userId;
        identity.createdAt = TokenService.now();
        return identity;
    }

    private UserEntity existing(UserEntity user) {
        if (user == null) {
            throw new NotFoundException("user not found (the account may have been deleted)");
        }
        return user;
    }

    private static ConflictException emailTaken() {
        return new ConflictException("an account with this e-mail address already exists");
    }

    private static boolean isEmailUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("users_email_ci")) {
                return true;
            }
        }
        return false;
    }
}
