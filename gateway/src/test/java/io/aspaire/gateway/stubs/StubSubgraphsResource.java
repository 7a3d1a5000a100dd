package io.aspaire.gateway.stubs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts the four stub subgraphs on free ports and an RSA key pair for JWTs, and points the gateway at them.
 * The "ai" stub refuses its first two SDL requests, so the gateway starts without it and must retry.
 * Tests reach the stubs over HTTP (their URLs are in the configuration) because this class may live in another
 * class loader than the test.
 */
public class StubSubgraphsResource implements QuarkusTestResourceLifecycleManager {

    public static final String PRIVATE_KEY_PROPERTY = "aspaire.test.jwt.private-key";

    private Vertx vertx;
    private StubSubgraphs stubs;
    private boolean withJwtKey = true;
    private boolean withKafka;

    /**
     * {@code jwt=none}: configure no public key (the gateway then only forwards tokens). {@code kafka=real}: a real
     * broker (the local stack's); otherwise the gateway is pointed at a port where no broker listens, as when Kafka
     * is down.
     */
    @Override
    public void init(Map<String, String> initArgs) {
        withJwtKey = !"none".equals(initArgs.get("jwt"));
        withKafka = "real".equals(initArgs.get("kafka"));
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        stubs = new StubSubgraphs().start(vertx);
        stubs.get("ai").failSdlRequests(2);
        Map<String, String> config = new HashMap<>();
        stubs.all().forEach((name, stub) -> config.put("aspaire.gateway.subgraphs." + name + ".url", stub.url()));
        config.put("aspaire.gateway.subgraphs.ai.timeout", "1500ms");
        // SubscriptionsTest: a slow client reaches the limit with few events; connection_init is awaited briefly
        config.put("aspaire.gateway.subscriptions.max-pending-messages", "16");
        config.put("aspaire.gateway.subscriptions.connection-init-timeout", "1s");
        config.put("kafka.bootstrap.servers", withKafka ? LocalStackTestResource.infrastructure().kafkaBootstrapServers
                : "localhost:" + unusedPort());
        if (!withJwtKey) {
            return config;
        }
        try {
            // One key pair per build directory: every app boot and every test class sign and verify with the same keys.
            Path directory = Path.of("target", "test-jwt");
            Path publicKey = directory.resolve("public.pem");
            Path privateKey = directory.resolve("private.pkcs8.b64");
            if (!Files.exists(publicKey) || !Files.exists(privateKey)) {
                Files.createDirectories(directory);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                Files.writeString(privateKey, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
                Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
            }
            config.put("mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toUri().toString());
            config.put(PRIVATE_KEY_PROPERTY, Files.readString(privateKey).trim());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (stubs != null) {
            stubs.stop();
        }
        if (vertx != null) {
            vertx.close();
        }
    }
}
