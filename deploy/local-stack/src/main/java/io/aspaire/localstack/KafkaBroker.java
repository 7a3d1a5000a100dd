package io.aspaire.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real Apache Kafka broker in KRaft mode (single node, broker + controller) in a forked JVM, from the
 * {@code org.apache.kafka:kafka_2.13} jars that the build resolved (deploy/kafka-broker). Topics are created by the
 * broker on first use with {@link #PARTITIONS} partitions, the count docs/events.md documents.
 */
final class KafkaBroker {

    static final int PARTITIONS = 3;

    final String bootstrapServers;
    final String description;
    /** How to fork the broker again (same port, same data), or null for an external cluster. */
    private final List<String> command;
    private final ChildProcesses processes;
    private final int port;
    final Path logFile;
    /** The running broker JVM, or null for an external cluster. */
    volatile Process process;

    private KafkaBroker(String bootstrapServers, String description, List<String> command, ChildProcesses processes,
            int port, Path logFile) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.command = command;
        this.processes = processes;
        this.port = port;
        this.logFile = logFile;
    }

    static KafkaBroker external(String bootstrapServers) {
        return new KafkaBroker(bootstrapServers, "external Kafka at " + bootstrapServers, null, null, 0, null);
    }

    static KafkaBroker start(ChildProcesses processes, Path dataDir, Path logFile, int preferredPort)
            throws IOException {
        int port = Ports.freeOr(preferredPort);
        int controllerPort = Ports.freeOr(port + 1 == 0 ? 0 : port + 1);
        if (controllerPort == port) {
            controllerPort = Ports.freeOr(0);
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        Path logDirs = dataDir.resolve("kraft-logs");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + PARTITIONS,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // after a crash the restarted node waits out its previous incarnation's session before it serves
                // (9 s by default); one node on one machine: 4 s still outlasts any GC pause of its 512 MB heap
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=4000",
                "num.partitions=" + PARTITIONS,
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                ""), StandardCharsets.UTF_8);

        String classpath = brokerClasspath();
        String java = ChildProcesses.javaExecutable();
        // format once: a restart keeps the data (and its cluster id, which a second format would contradict)
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "kafka.tools.StorageTool",
                    "format", "-t", clusterId(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            try {
                if (format.waitFor() != 0) {
                    throw new IllegalStateException("Kafka storage format failed, see " + logFile);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Xms128m", "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, ParentWatch.class.getName(), "kafka.Kafka", config.toString()));
        KafkaBroker broker = new KafkaBroker("localhost:" + port,
                "Kafka 4 broker (KRaft, forked JVM, log " + logFile + ") on localhost:" + port, List.copyOf(command),
                processes, port, logFile);
        broker.launch();
        return broker;
    }

    /** Forks the broker JVM (same port, same data) and waits until it listens. */
    Process launch() throws IOException {
        Process broker = processes.start("kafka", command, Map.of(), logFile);
        process = broker;
        try {
            Ports.await("Kafka broker on port " + port, Duration.ofSeconds(60), () -> {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited, see " + logFile);
                }
                return Ports.isListening("localhost", port);
            });
        } catch (RuntimeException e) {
            ChildProcesses.stop(broker.toHandle()); // not ready in time: free its ports and data for the next try
            throw e;
        }
        return broker;
    }

    /** The broker jars plus our own classes (for {@link ParentWatch}). */
    private static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/aspaire/kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("aspaire/kafka-broker.classpath missing: build deploy/kafka-broker");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String self;
            try {
                self = Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return jars + java.io.File.pathSeparator + self;
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
