package io.aspaire.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Dev-Services-like test resource for every service: real PostgreSQL, a real Kafka broker and the Mongo server,
 * started once per test JVM (and shared by all test classes), wired in through the same configuration names the
 * services read from the environment. Throw-away data; nothing to install beyond Java and the Maven wrapper.
 *
 * <p>Use: {@code @QuarkusTestResource(LocalStackTestResource.class)} on one test class of the module.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static Infrastructure infrastructure;
    private static RuntimeException startFailure;

    /** The running infrastructure (for tests that talk to Kafka or the databases directly). */
    public static synchronized Infrastructure infrastructure() {
        if (startFailure != null) {
            throw startFailure; // do not start a second set of servers for every test class
        }
        if (infrastructure == null) {
            try {
                Path dir = Files.createTempDirectory("aspaire-test-stack");
                infrastructure = Infrastructure.start(dir, false, 0, 0, 0, System.getenv());
                infrastructure.describe().forEach(line -> System.out.println("[local-stack] " + line));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        infrastructure.close();
                    } catch (IOException ignored) {
                        // JVM is exiting
                    }
                }));
            } catch (IOException | RuntimeException e) {
                startFailure = new IllegalStateException("cannot start the test infrastructure: " + e.getMessage(), e);
                throw startFailure;
            }
        }
        return infrastructure;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infrastructure().serviceEnvironment());
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by the shutdown hook
    }
}
