package io.aspaire.platform.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/** The checks on federation _entities representations, against a schema with the federation shape. */
class EntityRepresentationsTest {

    private static final String SDL = """
            directive @key(fields: String!) repeatable on OBJECT
            type Job @key(fields: "id") { id: ID! }
            type Product @key(fields: "sku") @key(fields: "vendor { id } code") { sku: String code: String vendor: Job }
            union _Entity = Job | Product
            type Query { a: Int }
            """;

    private final EntityRepresentations entities = EntityRepresentations.of(
            UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(SDL)), 1000);

    private static Map<String, Object> rep(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void wellFormedRepresentationsPassWhateverTheirIds() {
        assertNull(entities.firstProblem(List.of(rep("__typename", "Job", "id", UUID.randomUUID().toString()),
                rep("__typename", "Product", "sku", "a-1"),
                rep("__typename", "Product", "vendor", rep("id", "x"), "code", "c"))));
        assertNull(entities.firstProblem(List.of()));
    }

    @Test
    void malformedRepresentationsAreNamed() {
        assertEquals("representations must be a list of entity representations", entities.firstProblem("x"));
        assertEquals("representations[0] must be an object with __typename and the key fields of an entity",
                entities.firstProblem(List.of("")));
        assertEquals("representations[1] has no __typename (one of: Job, Product)",
                entities.firstProblem(List.of(rep("__typename", "Job", "id", UUID.randomUUID().toString()), rep())));
        assertEquals("representations[0]: NoSuchType is not an entity type of this service (one of: Job, Product)",
                entities.firstProblem(List.of(rep("__typename", "NoSuchType"))));
        assertEquals("representations[0]: its __typename is not an entity type of this service (one of: Job, Product)",
                entities.firstProblem(List.of(rep("__typename", "Job\u0000"))));
        assertEquals("representations[0]: a Job representation needs its key field id",
                entities.firstProblem(List.of(rep("__typename", "Job"))));
        assertEquals("representations[0]: a Product representation needs its key field sku",
                entities.firstProblem(List.of(rep("__typename", "Product", "id", "x"))), "keys read from @key");
        assertEquals("representations[0].id: 'not-a-uuid' is not a valid id (a UUID is expected)",
                entities.firstProblem(List.of(rep("__typename", "Job", "id", "not-a-uuid"))));
        assertEquals("representations[0].id is required",
                entities.firstProblem(List.of(rep("__typename", "Job", "id", null))));
        assertEquals("representations[0].id must be a string (a UUID)",
                entities.firstProblem(List.of(rep("__typename", "Job", "id", 42))));
    }

    @Test
    void theNumberOfRepresentationsIsCapped() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(rep("__typename", "Job", "id", UUID.randomUUID().toString()));
        }
        assertEquals("representations: 10000 entities asked at once; the limit is 1000", entities.firstProblem(many));
        assertNull(entities.firstProblem(many.subList(0, 1000)));
    }

    @Test
    void keySelectionsNameTheirTopLevelFields() {
        assertEquals(List.of("id"), EntityRepresentations.topLevelFields("id"));
        assertEquals(List.of("vendor", "code"), EntityRepresentations.topLevelFields("vendor { id } code"));
    }
}
