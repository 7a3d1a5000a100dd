package io.aspaire.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import graphql.introspection.IntrospectionQuery;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

import io.aspaire.gateway.config.GatewayConfig;

/** The limits are measured on the fragment graph: linear in the document, whatever the expanded size. */
class OperationLimitsTest {

    private static final GraphQLSchema SCHEMA = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser()
            .parse("""
                    type Query { users(first: Int): [User!]! user(id: ID!): User }
                    type Mutation { renameUser(id: ID!, name: String!): User }
                    type User { id: ID! name: String jobs: [Job!]! }
                    type Job { id: ID! title: String postedBy: User }
                    """));

    static final GatewayConfig.Limits LIMITS = new GatewayConfig.Limits() {
        public int maxDepth() { return 15; }
        public int maxCost() { return 10_000; }
        public int defaultListSize() { return 10; }
        public int maxQueryLength() { return 32_768; }
        public int maxTokens() { return 5_000; }
        public int maxFields() { return 2_000; }
        public int maxAliases() { return 30; }
        public int maxRequestBytes() { return 1 << 20; }
    };

    /** {@code query{...F<depth>}} where each fragment spreads the one below twice: 2^depth copies of {@code leaf}. */
    static String fragmentBomb(int depth, String leaf) {
        StringBuilder query = new StringBuilder("query{...F" + depth + "}\nfragment F0 on Query{" + leaf + "}\n");
        for (int i = 1; i <= depth; i++) {
            query.append("fragment F").append(i).append(" on Query{...F").append(i - 1).append(" ...F").append(i - 1)
                    .append("}\n");
        }
        return query.toString();
    }

    private static OperationLimits.Verdict check(String query, Map<String, Object> variables) {
        Document document = Parser.parse(query);
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        return OperationLimits.check(document, operation, SCHEMA, variables, LIMITS);
    }

    private static OperationLimits.Verdict check(String query) {
        return check(query, Map.of());
    }

    @Test
    void fragmentBombIsMeasuredWithoutExpandingIt() {
        for (String leaf : new String[] { "__typename", "users { id name }" }) {
            String bomb = fragmentBomb(30, leaf);
            long start = System.nanoTime();
            OperationLimits.Verdict verdict = check(bomb);
            long micros = (System.nanoTime() - start) / 1_000;
            assertTrue(verdict.refused(), leaf);
            assertEquals("OPERATION_LIMIT_EXCEEDED", verdict.code());
            assertTrue(verdict.problem().startsWith("Query has too many fields: "), verdict.problem());
            assertTrue(micros < 50_000, "measured in " + micros + " µs");
        }
        // 2^30 fields with one field at the bottom, 3 * 2^30 with three: exact, not estimated
        assertEquals("Query has too many fields: 1,073,741,824 once fragments are expanded, the limit is 2000.",
                check(fragmentBomb(30, "__typename")).problem());
        // 62 levels overflow a long: saturated, still refused
        assertTrue(check(fragmentBomb(62, "users { id }")).problem().startsWith("Query has too many fields: more than"));
    }

    @Test
    void smallFragmentGraphsPassWithTheirExpandedSize() {
        OperationLimits.Verdict verdict = check(fragmentBomb(4, "users(first: 2) { id name }"));
        assertFalse(verdict.refused(), verdict.problem());
        assertEquals(16 * 3, verdict.size().fields());
        assertEquals(16 * (1 + 2 * 2), verdict.size().cost());
        assertEquals(2, verdict.size().depth());
        assertFalse(verdict.size().introspectionOnly());
    }

    @Test
    void fragmentCyclesAreFoundWithoutLooping() {
        OperationLimits.Verdict verdict = check("""
                query { ...A }
                fragment A on Query { users { ...B } }
                fragment B on User { jobs { ...C } }
                fragment C on Job { postedBy { ...B } }
                """);
        assertEquals("GRAPHQL_VALIDATION_FAILED", verdict.code());
        assertEquals("Fragment cycle: B → C → B. A fragment cannot spread itself, directly or through other fragments.",
                verdict.problem());
        assertTrue(check("query { __typename } fragment X on Query { ...X }").refused(), "unused fragments count too");
    }

    @Test
    void unusedFragmentBombsAreRefusedToo() {
        String bomb = fragmentBomb(30, "__typename").replaceFirst("query\\{\\.\\.\\.F30}", "query{__typename}");
        assertTrue(check(bomb).problem().startsWith("Query has too many fields"));
    }

    @Test
    void aliasesDepthAndCostAreCountedThroughFragments() {
        StringBuilder aliases = new StringBuilder("query { ...A ...A } fragment A on Query {");
        for (int i = 0; i < 16; i++) {
            aliases.append(" u").append(i).append(": users(first: 1) { id }");
        }
        assertEquals("Query has too many aliases: 32 once fragments are expanded, the limit is 30.",
                check(aliases.append(" }").toString()).problem());
        assertEquals("Query is too expensive: estimated cost 121001 exceeds the maximum cost of 10000.",
                check("{ users(first: 1000) { jobs { ...J } } } fragment J on Job { postedBy { jobs { id } } }")
                        .problem());
        assertEquals("Query is too expensive: estimated cost 121001 exceeds the maximum cost of 10000.",
                check("query($n: Int) { users(first: $n) { jobs { postedBy { jobs { id } } } } }", Map.of("n", 1000))
                        .problem());
        StringBuilder deep = new StringBuilder("{ users { ...J1 } }");
        for (int level = 1; level <= 8; level++) {
            deep.append(" fragment J").append(level).append(" on User { jobs { postedBy { ")
                    .append(level < 8 ? "...J" + (level + 1) : "id").append(" } } }");
        }
        assertEquals("Query is too deep: depth 18 exceeds the maximum depth of 15.", check(deep.toString()).problem());
    }

    @Test
    void introspectionAsApolloAnswersItPasses() {
        for (String query : new String[] {
                IntrospectionQuery.INTROSPECTION_QUERY,
                "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }",
                "{ a: __schema { types { name } } b: __schema { queryType { name } } }",
                "{ __type(name: \"User\") { fields { type { fields { name } } } } }",
                "{ __type(name: \"User\") { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType "
                        + "{ name } } } } } } } } } }" }) {
            OperationLimits.Verdict verdict = check(query);
            assertNull(verdict.problem(), query);
            assertTrue(verdict.size().introspectionOnly());
        }
    }

    @Test
    void introspectionNestingListsOfTypesThreeDeepIsRefused() {
        OperationLimits.Verdict verdict = check("""
                { __schema { types { ...T } } }
                fragment T on __Type { fields { type { interfaces { possibleTypes { name } } } } }
                """);
        assertEquals("GRAPHQL_VALIDATION_FAILED", verdict.code());
        assertEquals("Maximum introspection depth exceeded: fields, inputFields, interfaces and possibleTypes may be "
                + "nested at most 2 deep.", verdict.problem());
    }
}
