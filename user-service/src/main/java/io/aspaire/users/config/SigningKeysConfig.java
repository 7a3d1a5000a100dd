package io.aspaire.users.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The token signing keys (prefix {@code aspaire.users.jwt}), from configuration (a Kubernetes Secret in deploy, the
 * local stack's data folder otherwise), never from the build. See {@link io.aspaire.users.service.SigningKeys} for rotation.
 */
@ConfigMapping(prefix = "aspaire.users.jwt")
public interface SigningKeysConfig {

    /** {@code iss} of every token. */
    String issuer();

    /** {@code aud} of every token. */
    String audience();

    /** The CURRENT private key: a PKCS#8 PEM file (as openssl genpkey writes it), as a {@code file:} or {@code classpath:} location; never committed. */
    String privateKeyLocation();

    /** The CURRENT public key, PEM ({@code BEGIN PUBLIC KEY}); must be the private key's other half. Published first. */
    String publicKeyLocation();

    /**
     * A PEM file holding zero or more public keys ({@code BEGIN PUBLIC KEY} blocks) published beside the current
     * one: the previous keys, whose tokens keep verifying until they expire, and, while a rotation is prepared, the
     * next key. Unset or empty: only the current key is published.
     */
    Optional<String> additionalPublicKeysLocation();

    /**
     * How often the key files are read again. A Kubernetes Secret mounted as a volume is updated in place, so a
     * rotation needs no restart: the new keys apply within this interval (plus the kubelet's sync period).
     */
    @WithDefault("30s")
    Duration reloadInterval();

    /**
     * {@code Cache-Control: max-age} of {@code /.well-known/jwks.json}: how long verifiers may keep the key set before
     * they fetch it again (they also fetch it early when a token names a key they do not know).
     */
    @WithDefault("60s")
    Duration jwksMaxAge();
}
