package io.aspaire.users.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The tokens user-service issues (prefix {@code aspaire.users.tokens}); see {@code service.TokenService}. */
@ConfigMapping(prefix = "aspaire.users.tokens")
public interface TokensConfig {

    /** How long an access token lives (ASPAIRE_ACCESS_TOKEN_LIFETIME); the gateway's deleted-account memory matches it. */
    @WithDefault("PT15M")
    Duration accessLifetime();

    /** How long a refresh token lives (ASPAIRE_REFRESH_TOKEN_LIFETIME). */
    @WithDefault("P30D")
    Duration refreshLifetime();

    /** E-mail addresses whose tokens carry the {@code admin} group (ASPAIRE_ADMIN_EMAILS, comma-separated). */
    Optional<List<String>> adminEmails();
}
