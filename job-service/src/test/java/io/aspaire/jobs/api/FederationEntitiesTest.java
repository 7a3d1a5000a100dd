package io.aspaire.jobs.api;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.jobs.support.TestSupport;
import io.aspaire.jobs.support.WireMockSources;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The platform's check of federation {@code _entities} representations, switched on in this subgraph: malformed
 * representations get BAD_REQUEST naming the problem (never "System error"), unknown ids resolve to null.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockSources.class)
class FederationEntitiesTest {

    private static final String ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) "
            + "{ __typename ... on Job { id title } } }";

    private final String token = TestJwt.forUser(UUID.randomUUID());

    private static Map<String, Object> job(Object id) {
        Map<String, Object> representation = new HashMap<>();
        representation.put("__typename", "Job");
        representation.put("id", id);
        return representation;
    }

    private void refused(Object representations, String message) {
        TestSupport.graphql(token, ENTITIES, Map.of("r", representations))
                .body("errors[0].extensions.code", is("BAD_REQUEST"))
                .body("errors[0].message", is(message));
    }

    @Test
    void malformedRepresentationsAreRefusedWithWhatIsWrong() {
        refused(List.of(""), "representations[0] must be an object with __typename and the key fields of an entity");
        refused(Map.of(), "representations[0] has no __typename (one of: Job)"); // a lone object counts as a list
        refused(List.of(Map.of("__typename", "NoSuchType")),
                "representations[0]: NoSuchType is not an entity type of this service (one of: Job)");
        refused(List.of(Map.of("__typename", "Job")), "representations[0]: a Job representation needs its key field id");
        refused(List.of(job("not-a-uuid")),
                "representations[0].id: 'not-a-uuid' is not a valid id (a UUID is expected)");
        refused(List.of(job(UUID.randomUUID().toString()), job(null)), "representations[1].id is required");
    }

    @Test
    void moreThanTheCapIsRefused() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(job(UUID.randomUUID().toString()));
        }
        refused(many, "representations: 10000 entities asked at once; the limit is 1000");
    }

    @Test
    void wellFormedRepresentationsOfUnknownIdsResolveToNull() {
        TestSupport.graphql(token, ENTITIES, Map.of("r", List.of(job(UUID.randomUUID().toString()),
                job(UUID.randomUUID().toString()))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(2))
                .body("data._entities[0]", nullValue());
    }
}
