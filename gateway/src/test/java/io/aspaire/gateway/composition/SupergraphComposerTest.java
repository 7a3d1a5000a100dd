package io.aspaire.gateway.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLUnionType;

import io.aspaire.gateway.stubs.StubSubgraphs;

class SupergraphComposerTest {

    private static final String FED2 = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\", \"@shareable\", \"@external\", \"@override\", \"@inaccessible\"])\n";

    static Supergraph compose(String... nameAndSdl) throws CompositionException {
        List<SubgraphSchema> schemas = new ArrayList<>();
        for (int i = 0; i < nameAndSdl.length; i += 2) {
            schemas.add(SubgraphSchema.parse(nameAndSdl[i], nameAndSdl[i + 1]));
        }
        return new SupergraphComposer().compose(schemas);
    }

    static Supergraph stubSupergraph() throws CompositionException {
        return compose("ai", StubSubgraphs.AI_SDL, "jobs", StubSubgraphs.JOBS_SDL, "pipeline", StubSubgraphs.PIPELINE_SDL,
                "users", StubSubgraphs.USERS_SDL);
    }

    @Test
    void composesTheFourStubSubgraphs() throws Exception {
        Supergraph supergraph = stubSupergraph();
        GraphQLObjectType user = supergraph.apiSchema().getObjectType("User");
        assertNotNull(user.getFieldDefinition("name"));
        assertNotNull(user.getFieldDefinition("jobs"), "User.jobs comes from the jobs subgraph");
        assertNotNull(user.getFieldDefinition("greeting"));
        assertEquals(null, user.getFieldDefinition("passwordHash"), "@inaccessible fields stay out of the API");
        assertEquals("A person using AspAIre.", user.getDescription());
        GraphQLObjectType query = supergraph.apiSchema().getQueryType();
        for (String field : List.of("me", "user", "users", "jobs", "job", "applications", "recommendations")) {
            assertNotNull(query.getFieldDefinition(field), field);
        }
        assertEquals(null, query.getFieldDefinition("_service"));
        assertEquals(null, query.getFieldDefinition("_entities"));
        assertEquals(null, supergraph.apiSchema().getType("_Any"));
        assertEquals(List.of("postJob", "renameUser"),
                supergraph.apiSchema().getMutationType().getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).toList());
        GraphQLUnionType recommendation = (GraphQLUnionType) supergraph.apiSchema().getType("Recommendation");
        assertEquals(2, recommendation.getTypes().size());

        assertEquals(List.of("users"), supergraph.resolvers("User", "name"));
        assertEquals(List.of("jobs"), supergraph.resolvers("User", "greeting"));
        assertEquals(List.of("jobs", "pipeline", "users"), supergraph.resolvers("User", "id"), "key fields resolve everywhere");
        assertEquals(List.of("jobs"), supergraph.resolvers("Job", "title"), "ai's @external title is not resolvable in ai");
        assertTrue(supergraph.subgraph("pipeline").resolvableKeys("User").isEmpty(), "resolvable: false");
        assertEquals("userId jobId", supergraph.subgraph("ai").resolvableKeys("Application").get(0).fields().toString());
    }

    @Test
    void nonShareableFieldsResolvedTwiceAreRejected() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose(
                "a", FED2 + "type Query { a: Company } type Company { name: String }",
                "b", FED2 + "type Query { b: Company } type Company { name: String }"));
        assertTrue(e.errors().stream().anyMatch(m -> m.startsWith("Non-shareable field \"Company.name\" is resolved from multiple subgraphs")),
                e.errors().toString());
    }

    @Test
    void providedFieldsMustBeShareableWhereTheyAreOwned() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose(
                "users", FED2 + "type Query { me: User } type User @key(fields: \"id\") { id: ID! name: String }",
                "jobs", "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\", \"@external\", \"@provides\"])\n"
                        + "type Query { job: Job } type Job { poster: User @provides(fields: \"name\") }"
                        + " type User @key(fields: \"id\") { id: ID! name: String @external }"));
        assertTrue(e.getMessage().contains("Non-shareable field \"User.name\" is resolved from multiple subgraphs: it is resolved from"
                + " \"users\", \"jobs\" and defined as non-shareable in \"users\""), e.getMessage());
    }

    @Test
    void shareableFieldsTakeTheMostPermissiveNullability() throws Exception {
        Supergraph supergraph = compose(
                "a", FED2 + "type Query { a: Company } type Company @shareable { name: String! }",
                "b", FED2 + "type Query { b: Company } type Company @shareable { name: String }");
        assertFalse(supergraph.apiSchema().getObjectType("Company").getFieldDefinition("name").getType() instanceof GraphQLNonNull);
    }

    @Test
    void incompatibleFieldTypesAreRejected() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose(
                "a", FED2 + "type Query { a: Company } type Company @shareable { name: String }",
                "b", FED2 + "type Query { b: Company } type Company @shareable { name: Int }"));
        assertTrue(e.getMessage().contains("Field \"Company.name\" has incompatible types across subgraphs: \"String\" in \"a\", \"Int\" in \"b\""),
                e.getMessage());
    }

    @Test
    void fieldsExternalEverywhereAreRejected() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose(
                "a", FED2 + "type Query { a: User } type User @key(fields: \"id\") { id: ID! nickname: String @external }"));
        assertTrue(e.getMessage().contains("Field \"User.nickname\" is marked @external in every subgraph"), e.getMessage());
    }

    @Test
    void keysMustNameExistingFields() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose(
                "a", FED2 + "type Query { a: User } type User @key(fields: \"uuid\") { id: ID! }"));
        assertEquals(List.of("[a] @key(fields: \"uuid\") on \"User\": field \"User.uuid\" does not exist"), e.errors());
    }

    @Test
    void sdlSyntaxErrorsNameTheSubgraph() {
        CompositionException e = assertThrows(CompositionException.class, () -> compose("broken", "type Query {"));
        assertTrue(e.errors().get(0).startsWith("[broken] SDL syntax error"), e.errors().toString());
    }

    @Test
    void overrideMovesAFieldToAnotherSubgraph() throws Exception {
        Supergraph supergraph = compose(
                "old", FED2 + "type Query { user: User } type User @key(fields: \"id\") { id: ID! score: Int }",
                "new", FED2 + "type User @key(fields: \"id\") { id: ID! score: Int @override(from: \"old\") }");
        assertEquals(List.of("new"), supergraph.resolvers("User", "score"));
    }

    @Test
    void customRootTypeNamesAreNormalised() throws Exception {
        Supergraph supergraph = compose("a", FED2 + "schema { query: RootQuery } type RootQuery { hello: String }");
        assertNotNull(supergraph.apiSchema().getQueryType().getFieldDefinition("hello"));
        assertEquals(List.of("a"), supergraph.resolvers("Query", "hello"));
    }

    @Test
    void renamedFederationImportsAreUnderstood() throws Exception {
        Supergraph supergraph = compose("a", "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", "
                + "import: [{name: \"@key\", as: \"@identity\"}])\n"
                + "type Query { user: User } type User @identity(fields: \"id\") @federation__shareable { id: ID! }");
        assertEquals(1, supergraph.subgraph("a").resolvableKeys("User").size());
    }
}
