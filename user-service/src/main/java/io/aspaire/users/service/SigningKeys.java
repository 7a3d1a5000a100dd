package io.aspaire.users.service;

import io.aspaire.users.config.SigningKeysConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The keys user-service signs tokens with and publishes at {@code /.well-known/jwks.json}: the CURRENT key pair (it
 * signs every new token) and zero or more other public keys (previous keys whose tokens have not expired yet, or the
 * next key published ahead of a rotation). Every key is named by its RFC 7638 thumbprint ({@code kid}), so every
 * replica derives the same names from the same key files and nobody has to name keys by hand.
 *
 * <p>The files are read at start and again every {@code reload-interval}: rotating the key is a change of the Secret,
 * no restart (deploy/k8s/README.md "Rotating the JWT signing key"). A file that cannot be read or parsed keeps the
 * key set in use (a half-written file never takes the keys away).
 */
@Startup // the first read is blocking: at start, not in a request
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

    /** The current key pair with its {@code kid}. */
    public record SigningKey(String kid, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
    }

    /** One consistent generation of keys: what signs, what verifies, and the JWKS document that publishes it. */
    record KeySet(String source, SigningKey current, Map<String, PublicKey> published, String jwks) {
    }

    private static final KeySet NONE = new KeySet("", null, Map.of(), "{\"keys\":[]}");

    private final SigningKeysConfig config;
    private volatile KeySet keys = NONE;

    public SigningKeys(SigningKeysConfig config) {
        this.config = config;
        reload();
    }

    /** The key that signs new tokens; empty when the private key is not configured or unreadable. */
    public Optional<SigningKey> current() {
        return Optional.ofNullable(keys.current());
    }

    /**
     * The published public key named {@code kid}; a token without {@code kid} (issued before keys were named) is
     * checked against the current key only.
     */
    public Optional<PublicKey> verificationKey(String kid) {
        KeySet set = keys;
        if (kid == null) {
            return Optional.ofNullable(set.current()).map(SigningKey::publicKey);
        }
        return Optional.ofNullable(set.published().get(kid));
    }

    /** The {@code kid}s published now, the current one first. */
    public List<String> publishedKeyIds() {
        return List.copyOf(keys.published().keySet());
    }

    /** The JWK set of the published keys (RFC 7517), ready to serve. */
    public String jwks() {
        return keys.jwks();
    }

    public SigningKeysConfig config() {
        return config;
    }

    /** Reads the key files again (blocking file reads: a scheduler worker thread, or startup). */
    @Scheduled(every = "${aspaire.users.jwt.reload-interval:30s}", delayed = "${aspaire.users.jwt.reload-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        String privatePem;
        String publicPem;
        String additionalPem;
        try {
            privatePem = read(config.privateKeyLocation());
            publicPem = read(config.publicKeyLocation());
            additionalPem = config.additionalPublicKeysLocation().filter(s -> !s.isBlank()).isPresent()
                    ? read(config.additionalPublicKeysLocation().get())
                    : "";
        } catch (IOException e) {
            complain("cannot read the JWT keys (ASPAIRE_JWT_PRIVATE_KEY_LOCATION, ASPAIRE_JWT_PUBLIC_KEY_LOCATION, "
                    + "ASPAIRE_JWT_ADDITIONAL_PUBLIC_KEYS_LOCATION): " + e.getMessage());
            return;
        }
        String source = privatePem + "\u0000" + publicPem + "\u0000" + additionalPem;
        if (source.equals(keys.source())) {
            return;
        }
        try {
            KeySet next = parse(source, privatePem, publicPem, additionalPem);
            KeySet previous = keys;
            keys = next;
            if (previous != NONE || !next.published().isEmpty()) {
                LOG.infof("JWT keys loaded: signing with %s, publishing %s", next.current().kid(),
                        next.published().keySet());
            }
        } catch (GeneralSecurityException | JoseException | IllegalArgumentException e) {
            complain("cannot parse the JWT keys, keeping the keys in use: " + e.getMessage());
        }
    }

    private void complain(String message) {
        if (keys == NONE) {
            LOG.error(message + " -- tokens cannot be issued (503) until this is fixed");
        } else {
            LOG.warn(message);
        }
    }

    private static KeySet parse(String source, String privatePem, String publicPem, String additionalPem)
            throws GeneralSecurityException, JoseException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        List<byte[]> privateBlocks = blocks(privatePem, "PRIVATE KEY");
        if (privateBlocks.size() != 1) {
            throw new IllegalArgumentException("the private key file must hold exactly one PKCS#8 'PRIVATE KEY' block"
                    + " (openssl genpkey writes one), found " + privateBlocks.size());
        }
        if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(privateBlocks.get(0))) instanceof RSAPrivateCrtKey privateKey)) {
            throw new IllegalArgumentException("the private key is not an RSA key with its CRT parameters");
        }
        List<byte[]> publicBlocks = blocks(publicPem, "PUBLIC KEY");
        if (publicBlocks.size() != 1) {
            throw new IllegalArgumentException("the public key file must hold exactly one 'PUBLIC KEY' block, found "
                    + publicBlocks.size());
        }
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicBlocks.get(0)));
        // a rotation replaces both files: until both are the new ones, the pair does not match and nothing changes
        if (!publicKey.getModulus().equals(privateKey.getModulus())
                || !publicKey.getPublicExponent().equals(privateKey.getPublicExponent())) {
            throw new IllegalArgumentException("the public key is not the private key's other half");
        }
        SigningKey current = new SigningKey(kid(publicKey), privateKey, publicKey);

        Map<String, PublicKey> published = new LinkedHashMap<>();
        published.put(current.kid(), publicKey);
        for (byte[] der : blocks(additionalPem, "PUBLIC KEY")) {
            RSAPublicKey additional = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der));
            published.putIfAbsent(kid(additional), additional);
        }
        List<JsonWebKey> jwks = new ArrayList<>();
        for (Map.Entry<String, PublicKey> entry : published.entrySet()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) entry.getValue());
            jwk.setKeyId(entry.getKey());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            jwks.add(jwk);
        }
        return new KeySet(source, current, Collections.unmodifiableMap(published), new JsonWebKeySet(jwks).toJson());
    }

    /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
    static String kid(RSAPublicKey key) throws JoseException {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    private static List<byte[]> blocks(String pem, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher matcher = PEM.matcher(pem);
        while (matcher.find()) {
            if (!matcher.group(1).equals(type)) {
                throw new IllegalArgumentException("expected PEM '" + type + "' blocks, found '" + matcher.group(1) + "'");
            }
            blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
        }
        return blocks;
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no resource " + location);
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        // "file:/abs", "file:///abs" (a URI) or "file:relative" (against the working directory, as smallrye-jwt reads it)
        Path path = location.startsWith("file:/") ? Path.of(URI.create(location))
                : Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        return Files.readString(path, StandardCharsets.US_ASCII);
    }
}
