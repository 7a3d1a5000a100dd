package io.aspaire.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * MongoDB: a real {@code mongod} when {@code ASPAIRE_MONGODB_URI} names one; otherwise mongo-java-server, a MongoDB
 * wire-protocol server in Java (no mongod can be installed here), with its H2 backend so the local stack keeps data
 * across restarts, or in memory for tests. The suite keeps to what both support: no multi-document transactions,
 * no $text search (see ../shared/STACK.md).
 */
final class MongoDatabaseServer implements AutoCloseable {

    final String connectionString;
    final String description;
    private final MongoServer server;

    private MongoDatabaseServer(String connectionString, String description, MongoServer server) {
        this.connectionString = connectionString;
        this.description = description;
        this.server = server;
    }

    static MongoDatabaseServer external(String uri) {
        return new MongoDatabaseServer(uri, "external MongoDB at " + uri.replaceAll("//[^@/]*@", "//***@"), null);
    }

    static MongoDatabaseServer start(Path dataFile, int preferredPort) throws IOException {
        MongoServer server;
        String kind;
        if (dataFile != null) {
            Files.createDirectories(dataFile.getParent());
            server = new MongoServer(new H2Backend(dataFile.toString()));
            kind = "mongo-java-server (H2 backend, data in " + dataFile + ")";
        } else {
            server = new MongoServer(new MemoryBackend());
            kind = "mongo-java-server (in memory)";
        }
        int port = Ports.freeOr(preferredPort);
        server.bind("127.0.0.1", port);
        return new MongoDatabaseServer("mongodb://localhost:" + port,
                kind + " on localhost:" + port + " -- not a real mongod; set ASPAIRE_MONGODB_URI for one", server);
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
        }
    }
}
