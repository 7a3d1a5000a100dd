package io.aspaire.users.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * user-service's signing keys in files of its own (not the shared test stack's), read again every second and
 * published with a one-second max-age, so a test can rotate them as an operator rotates the Kubernetes Secret.
 * The test finds the files through the configuration (this class may live in another class loader).
 */
public class RotatingKeysResource implements QuarkusTestResourceLifecycleManager {

    public static final String PRIVATE_KEY = "aspaire.users.jwt.private-key-location";
    public static final String PUBLIC_KEY = "aspaire.users.jwt.public-key-location";
    public static final String ADDITIONAL_KEYS = "aspaire.users.jwt.additional-public-keys-location";

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("aspaire-rotating-keys");
            KeyPair first = newKeyPair();
            write(dir.resolve("jwt-private.pem"), pem("PRIVATE KEY", first.getPrivate().getEncoded()));
            write(dir.resolve("jwt-public.pem"), pem("PUBLIC KEY", first.getPublic().getEncoded()));
            write(dir.resolve("jwt-additional-public.pem"), "");
            return Map.of(
                    PRIVATE_KEY, dir.resolve("jwt-private.pem").toUri().toString(),
                    PUBLIC_KEY, dir.resolve("jwt-public.pem").toUri().toString(),
                    ADDITIONAL_KEYS, dir.resolve("jwt-additional-public.pem").toUri().toString(),
                    "aspaire.users.jwt.reload-interval", "200ms",
                    "aspaire.users.jwt.jwks-max-age", "1s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Replaces the file at once (as the kubelet swaps a Secret's files): a reader never sees half a key. */
    public static void write(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
