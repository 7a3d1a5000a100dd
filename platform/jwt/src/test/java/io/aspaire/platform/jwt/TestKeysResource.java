package io.aspaire.platform.jwt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A fresh key pair for the test application: the public key as smallrye-jwt's PEM, the private one for signing. */
public class TestKeysResource implements QuarkusTestResourceLifecycleManager {

    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            KeyPair keys = TestTokens.newKeyPair();
            folder = Files.createTempDirectory("aspaire-jwt-test");
            Path publicKey = folder.resolve("public.pem");
            Path privateKey = folder.resolve("private.der");
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            Files.write(privateKey, keys.getPrivate().getEncoded());
            return Map.of("mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                    "mp.jwt.verify.issuer", TestTokens.ISSUER,
                    "aspaire.test.jwt.private-key", privateKey.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            for (String name : new String[] { "public.pem", "private.der" }) {
                Files.deleteIfExists(folder.resolve(name));
            }
            Files.deleteIfExists(folder);
        } catch (Exception e) {
            // a temp folder left behind is harmless
        }
    }
}
