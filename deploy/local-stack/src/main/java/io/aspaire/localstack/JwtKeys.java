package io.aspaire.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RSA key pair that signs (user-service) and verifies (every service) the suite's JWTs. Generated on the first
 * local start into the data folder, never committed; in Kubernetes it comes from a Secret.
 */
record JwtKeys(Path privateKey, Path publicKey) {

    static JwtKeys ensure(Path dir) throws IOException {
        Path privateKey = dir.resolve("jwt-private.pem");
        Path publicKey = dir.resolve("jwt-public.pem");
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return new JwtKeys(privateKey, publicKey);
        }
        Files.createDirectories(dir);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new JwtKeys(privateKey, publicKey);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
