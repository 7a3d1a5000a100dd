package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Gql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The subgraph SDL the gateway composes: a Federation 2 schema with the Application and Job entities. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SchemaTest {

    @Test
    void servesAFederation2SubgraphSdl() throws Exception {
        String sdl = Gql.anonymous().ok("{ _service { sdl } }").getString("data._service.sdl");
        // kept for the composition check (scripts in README)
        Files.writeString(Path.of("target/pipeline-subgraph.graphql"), sdl);
        assertTrue(sdl.contains("https://specs.apollo.dev/federation/v2.7"), sdl);
        assertTrue(sdl.matches("(?s).*type Application @key\\(fields ?: ?\"id\"\\).*"), sdl);
        assertTrue(sdl.matches("(?s).*type Job @key\\(fields ?: ?\"id\"\\).*"), sdl);
        assertTrue(sdl.contains("saveJob("), sdl);
        assertTrue(sdl.contains("pipelineStats("), sdl);
    }
}
