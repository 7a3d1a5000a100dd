package io.aspaire.platform.mongodb;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of the MongoDB server: a {@code ping} through the service's {@link ReactiveMongoClient}, so
 * {@code /q/health/ready} goes DOWN while the server cannot be reached. It replaces Quarkus's own MongoDB check, which
 * a service switches off with {@code quarkus.mongodb.health.enabled=false} (the build property this bean depends on,
 * so only services with a MongoDB client have it): that check also creates and pings the blocking {@code MongoClient}
 * no code of ours uses, i.e. a second connection pool and its monitor threads, about 0.3 s of every start
 * (bench/results/findings.md, issue 11 goal 6).
 */
@Readiness
@Singleton // stateless; no client proxy needed
@IfBuildProperty(name = "quarkus.mongodb.health.enabled", stringValue = "false")
public class MongoReadiness implements AsyncHealthCheck {

    static final String NAME = "MongoDB connection health check";
    private static final Logger LOG = Logger.getLogger(MongoReadiness.class);
    /** Below the readiness probe's 3 s timeout (deploy/k8s), so the probe gets a DOWN rather than no answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Document PING = new Document("ping", 1);

    private final ReactiveMongoClient client;

    public MongoReadiness(ReactiveMongoClient client) {
        this.client = client;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return client.getDatabase("admin").runCommand(PING)
                .ifNoItem().after(TIMEOUT).fail()
                .map(pong -> HealthCheckResponse.up(NAME))
                // a fixed reason: /q/health is served on the API's port, and the driver's messages carry exception
                // class names and the cluster's addresses (the log has the failure)
                .onFailure().invoke(failure -> LOG.debugf("MongoDB ping failed: %s", failure))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", "the MongoDB server did not answer a ping within " + TIMEOUT.toSeconds()
                                + " s").build());
    }
}
