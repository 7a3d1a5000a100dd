package io.aspaire.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.aspaire.gateway.composition.CompositionStatus;
import io.aspaire.gateway.composition.SupergraphRegistry;

/** Ready as soon as a supergraph with at least one subgraph is composed; reports composed and missing subgraphs. */
@Readiness
@ApplicationScoped
public class SupergraphReadinessCheck implements HealthCheck {

    private final SupergraphRegistry registry;

    public SupergraphReadinessCheck(SupergraphRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        CompositionStatus status = registry.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("supergraph")
                .status(status.ready())
                .withData("composed", String.join(",", status.composedSubgraphs()))
                .withData("missing", String.join(",", status.missingSubgraphs()));
        status.subgraphErrors().forEach((name, error) -> builder.withData("error." + name, error));
        if (!status.compositionErrors().isEmpty()) {
            builder.withData("compositionErrors", String.join(" | ", status.compositionErrors()));
        }
        return builder.build();
    }
}
