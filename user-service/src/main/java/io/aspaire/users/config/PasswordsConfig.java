package io.aspaire.users.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Password hashing (prefix {@code aspaire.users.passwords}); the pool that runs it is bounded by {@link SignInLimits}.
 */
@ConfigMapping(prefix = "aspaire.users.passwords")
public interface PasswordsConfig {

    /** bcrypt's cost factor (ASPAIRE_BCRYPT_COST): 12 in production; tests use 4. */
    @WithDefault("12")
    int bcryptCost();
}
