package io.aspaire.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers the suite runs on: PostgreSQL, Kafka, MongoDB, plus the JWT key pair. Each is real, and each can be
 * given from outside instead (environment variables below); otherwise it is started here, without Docker.
 *
 * <pre>
 * ASPAIRE_DB_URL, ASPAIRE_DB_USER, ASPAIRE_DB_PASSWORD   an existing PostgreSQL server (jdbc:postgresql://host:port/)
 * ASPAIRE_KAFKA_BOOTSTRAP_SERVERS                        an existing Kafka cluster
 * ASPAIRE_MONGODB_URI                                    an existing mongod (mongodb://...)
 * </pre>
 */
public final class Infrastructure implements AutoCloseable {

    /** The databases of the PostgreSQL services. */
    public static final List<String> DATABASES = List.of("users", "jobs", "pipeline");

    public final PostgresServerInfo postgres;
    public final String kafkaBootstrapServers;
    public final String mongoConnectionString;
    public final Path jwtPrivateKey;
    public final Path jwtPublicKey;
    private final List<String> descriptions;
    private final PostgresServer postgresServer;
    private final MongoDatabaseServer mongoServer;
    private final ChildProcesses processes;
    private final KafkaBroker kafka;
    private final LauncherLock owner;

    /** Host, port and credentials of the PostgreSQL server in use. */
    public record PostgresServerInfo(String host, int port, String user, String password) {
    }

    private Infrastructure(PostgresServer pg, KafkaBroker kafka, MongoDatabaseServer mongo, JwtKeys keys,
            ChildProcesses processes, LauncherLock owner) {
        this.postgresServer = pg;
        this.kafka = kafka;
        this.owner = owner;
        this.mongoServer = mongo;
        this.processes = processes;
        this.postgres = new PostgresServerInfo(pg.host, pg.port, pg.user, pg.password);
        this.kafkaBootstrapServers = kafka.bootstrapServers;
        this.mongoConnectionString = mongo.connectionString;
        this.jwtPrivateKey = keys.privateKey();
        this.jwtPublicKey = keys.publicKey();
        this.descriptions = List.of(
                "PostgreSQL: " + pg.description,
                "Kafka:      " + kafka.description,
                "MongoDB:    " + mongo.description,
                "JWT keys:   " + keys.publicKey().getParent());
    }

    /**
     * Starts (or attaches to) the three servers.
     *
     * @param dataDir   where data, logs and pid files live
     * @param persistent keep data across restarts (local stack) or throw it away (tests)
     * @param basePorts preferred ports for PostgreSQL, Kafka and MongoDB when started here (0 = any free port)
     * @throws LauncherLock.DataFolderInUseException when a live launcher owns {@code dataDir}: nothing is touched
     */
    public static Infrastructure start(Path dataDir, boolean persistent, int pgPort, int kafkaPort, int mongoPort,
            Map<String, String> env) throws IOException {
        // first of all: what is in the folder belongs to a live launcher unless we get its lock
        LauncherLock owner = LauncherLock.acquire(dataDir);
        ChildProcesses processes = new ChildProcesses(dataDir.resolve("pids"));
        PostgresServer pg;
        try {
            processes.reapStale();
            pg = PostgresServer.start(env.get("ASPAIRE_DB_URL"), env.get("ASPAIRE_DB_USER"),
                    env.get("ASPAIRE_DB_PASSWORD"), persistent ? dataDir.resolve("postgres") : null, pgPort);
        } catch (IOException | RuntimeException e) {
            owner.close();
            throw e;
        }
        MongoDatabaseServer mongo = null;
        try {
            pg.ensureDatabases(DATABASES);
            String kafkaServers = env.get("ASPAIRE_KAFKA_BOOTSTRAP_SERVERS");
            KafkaBroker kafka = kafkaServers != null && !kafkaServers.isBlank()
                    ? KafkaBroker.external(kafkaServers)
                    : KafkaBroker.start(processes, dataDir.resolve("kafka"), dataDir.resolve("logs/kafka.log"),
                            kafkaPort);
            String mongoUri = env.get("ASPAIRE_MONGODB_URI");
            mongo = mongoUri != null && !mongoUri.isBlank()
                    ? MongoDatabaseServer.external(mongoUri)
                    : MongoDatabaseServer.start(persistent ? dataDir.resolve("mongo/aspaire.mv") : null, mongoPort);
            JwtKeys keys = JwtKeys.ensure(dataDir.resolve("keys"));
            Map<String, String> servers = new LinkedHashMap<>();
            servers.put("postgresql", pg.host + ":" + pg.port);
            servers.put("kafka", kafka.bootstrapServers);
            servers.put("mongodb", mongo.connectionString.replaceAll("//[^@/]*@", "//***@")); // no password in a file
            owner.record(servers);
            return new Infrastructure(pg, kafka, mongo, keys, processes, owner);
        } catch (IOException | RuntimeException e) {
            // leave nothing half-started behind
            processes.stopAll();
            if (mongo != null) {
                mongo.close();
            }
            pg.close();
            owner.close();
            throw e;
        }
    }

    /**
     * Has {@code supervisor} watch the Kafka broker and PostgreSQL started here (not servers given from outside, nor
     * a throw-away PostgreSQL), and start them again on the same port and data when they die.
     */
    void supervise(Supervisor supervisor) {
        if (kafka.process != null) {
            supervisor.watch("kafka", kafka.logFile, Supervisor.Run.of(kafka.process), Supervisor.Stop.TERMINATE,
                    () -> Supervisor.Run.of(kafka.launch()));
        }
        if (postgresServer.dataDir != null) {
            postgresServer.postmaster().ifPresent(postmaster -> supervisor.watch("postgresql",
                    postgresServer.logFile, Supervisor.Run.ofOther(postmaster), run -> postgresServer.stopFast(),
                    () -> Supervisor.Run.ofOther(postgresServer.restart())));
        }
    }

    /** The lock that makes this process the data folder's owner; what it records, a refused start prints. */
    LauncherLock owner() {
        return owner;
    }
    /**
     * The environment every service reads (the same names in application.properties, docker-compose.yml and the
     * Kubernetes manifests). DB_NAME is left to each service's default.
     */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_HOST", postgres.host());
        env.put("DB_PORT", Integer.toString(postgres.port()));
        env.put("DB_USER", postgres.user());
        env.put("DB_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("MONGODB_URI", mongoConnectionString);
        env.put("ASPAIRE_JWT_PUBLIC_KEY_LOCATION", jwtPublicKey.toUri().toString());
        env.put("ASPAIRE_JWT_PRIVATE_KEY_LOCATION", jwtPrivateKey.toUri().toString());
        return env;
    }

    public List<String> describe() {
        return descriptions;
    }

    ChildProcesses processes() {
        return processes;
    }

    @Override
    public void close() throws IOException {
        processes.stopAll();
        mongoServer.close();
        postgresServer.close();
        owner.close(); // last: until everything is stopped, the folder is still ours
    }
}
