package io.aspaire.platform.graphql;

import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * Switches the platform's GraphQL input rules on in every subgraph: registered through
 * {@code META-INF/services/io.smallrye.graphql.spi.EventingService}, so a service gets it by depending on platform.
 * It adds, to the GraphQL engine SmallRye builds, the document limits ({@link LimitedDocuments}: depth, fields and
 * aliases from {@code aspaire.graphql.max-*}), the argument text rule and the error message cleaning
 * ({@link InputInstrumentation}); SmallRye's own instrumentation and query cache stay as they are.
 */
public class GraphQLGuard implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        GraphQL asConfigured = builder.build();
        builder.instrumentation(new ChainedInstrumentation(List.of(asConfigured.getInstrumentation(),
                new InputInstrumentation())));
        builder.preparsedDocumentProvider(new LimitedDocuments(asConfigured.getPreparsedDocumentProvider(), limits()));
        return builder;
    }

    /** How many representations one {@code _entities} query may carry ({@code aspaire.graphql.max-entities}). */
    static int maxEntities() {
        return ConfigProvider.getConfig().getOptionalValue("aspaire.graphql.max-entities", Integer.class).orElse(1000);
    }

    static DocumentLimits limits() {
        Config config = ConfigProvider.getConfig();
        return new DocumentLimits(config.getOptionalValue("aspaire.graphql.max-depth", Integer.class).orElse(20),
                config.getOptionalValue("aspaire.graphql.max-fields", Long.class).orElse(5000L),
                config.getOptionalValue("aspaire.graphql.max-aliases", Long.class).orElse(100L));
    }
}
