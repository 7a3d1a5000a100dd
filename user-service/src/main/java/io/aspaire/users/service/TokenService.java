package io.aspaire.users.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.aspaire.users.config.TokensConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.domain.RefreshTokenEntity;
import io.aspaire.users.domain.TokenResponse;
import io.aspaire.users.domain.User;
import io.aspaire.users.domain.UserEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;

/**
 * Issues the suite's tokens. Access tokens: RS256 JWTs (issuer, audience "aspaire", sub = user id, groups) signed with
 * the current key of {@link SigningKeys}, its {@code kid} in the header; every service verifies them with the key of
 * that {@code kid} from {@code /.well-known/jwks.json}.
 * Refresh tokens: 256 random bits, stored as SHA-256, single use (rotated), revoked on logout and account deletion.
 * A refresh token presented again after rotation means it leaked: all of that user's refresh tokens are revoked.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeys keys;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final Set<String> adminEmails;

    public TokenService(
            SigningKeys keys, TokensConfig config) {
        this.keys = keys;
        this.accessLifetime = config.accessLifetime();
        this.refreshLifetime = config.refreshLifetime();
        this.adminEmails = new HashSet<>();
        config.adminEmails().orElse(List.of()).forEach(e -> this.adminEmails.add(UserEntity.normalizeEmail(e)));
    }

    /** A new access token and refresh token for {@code user}. Must run inside a transaction (stores the refresh token). */
    public Uni<TokenResponse> issue(UserEntity user) {
        String refresh = randomToken();
        RefreshTokenEntity row = new RefreshTokenEntity();
        row.id = UUID.randomUUID();
        row.userId = user.id;
        row.tokenHash = sha256(refresh);
        row.createdAt = now();
        row.expiresAt = row.createdAt.plus(refreshLifetime);
        return row.persist().map(ignored -> new TokenResponse(accessToken(user), "Bearer",
                accessLifetime.toSeconds(), refresh, refreshLifetime.toSeconds(), User.of(user)));
    }

    /** Exchanges a refresh token for new tokens; the presented one is revoked. */
    public Uni<TokenResponse> refresh(String refreshToken) {
        String hash = sha256(refreshToken);
        // failures are decided after the commit, so a reuse-detection revocation is not rolled back with them
        return Panache.withTransaction(() -> RefreshTokenEntity.<RefreshTokenEntity> find("tokenHash", hash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(token -> {
                    if (token == null || token.expiresAt.isBefore(now())) {
                        return Uni.createFrom().<TokenResponse> nullItem();
                    }
                    if (token.revokedAt != null) {
                        LOG.warnf("revoked refresh token reused for user %s: revoking all of its refresh tokens",
                                token.userId);
                        return revokeAll(token.userId).replaceWith((TokenResponse) null);
                    }
                    token.revokedAt = now();
                    return UserEntity.<UserEntity> findById(token.userId).chain(user -> user == null
                            ? Uni.createFrom().<TokenResponse> nullItem()
                            : issue(user));
                }))
                .onItem().ifNull().failWith(TokenService::invalidRefresh);
    }

    /** Logout: revokes one refresh token (unknown tokens are ignored: logout is idempotent). */
    public Uni<Void> revoke(String refreshToken) {
        return Panache.withTransaction(() -> RefreshTokenEntity
                .update("revokedAt = ?1 where tokenHash = ?2 and revokedAt is null", now(), sha256(refreshToken)))
                .replaceWithVoid();
    }

    public Uni<Integer> revokeAll(UUID userId) {
        return RefreshTokenEntity.update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now(), userId);
    }

    private String accessToken(UserEntity user) {
        Set<String> groups = new HashSet<>(Set.of(CurrentUser.USER));
        if (adminEmails.contains(user.email)) {
            groups.add(CurrentUser.ADMIN);
        }
        SigningKeys.SigningKey key = keys.current().orElseThrow(() -> {
            LOG.error("cannot sign a JWT: is ASPAIRE_JWT_PRIVATE_KEY_LOCATION set to a readable PEM key?");
            return new ServiceUnavailableException("token signing is not configured on this server");
        });
        return Jwt.issuer(keys.config().issuer())
                .audience(keys.config().audience())
                .subject(user.id.toString())
                .upn(user.id.toString())
                .claim("email", user.email)
                .groups(groups)
                .expiresIn(accessLifetime)
                // the kid names the published key (/.well-known/jwks.json) that verifies this token
                .jws().keyId(key.kid())
                .sign(key.privateKey());
    }

    private static UnauthenticatedException invalidRefresh() {
        return new UnauthenticatedException("refresh token is invalid, expired or already used: log in again");
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
