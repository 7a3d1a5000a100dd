package io.aspaire.gateway.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import graphql.ParseAndValidate;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.Parser;

import io.aspaire.gateway.composition.SubgraphSchema;
import io.aspaire.gateway.composition.Supergraph;
import io.aspaire.gateway.composition.SupergraphComposer;
import io.aspaire.gateway.stubs.StubSubgraphs;

class QueryPlannerTest {

    private static Supergraph supergraph;

    @BeforeAll
    static void compose() throws Exception {
        supergraph = new SupergraphComposer().compose(List.of(
                SubgraphSchema.parse("ai", StubSubgraphs.AI_SDL),
                SubgraphSchema.parse("jobs", StubSubgraphs.JOBS_SDL),
                SubgraphSchema.parse("pipeline", StubSubgraphs.PIPELINE_SDL),
                SubgraphSchema.parse("users", StubSubgraphs.USERS_SDL)));
    }

    static QueryPlan plan(String query, Map<String, Object> variables) {
        Document document = Parser.parse(query);
        assertEquals(List.of(), ParseAndValidate.validate(supergraph.apiSchema(), document));
        var normalized = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                supergraph.apiSchema(), document, null, RawVariables.of(variables));
        return new QueryPlanner(supergraph).plan(normalized, document.getDefinitionsOfType(OperationDefinition.class).get(0));
    }

    /** Independent groups in one stage; that they really run at the same time: FederatedQueryTest. */
    @Test
    void rootFieldsOfOneSubgraphShareARequestAndSubgraphsRunInParallel() {
        QueryPlan plan = plan("{ a: users { id } b: user(id: \"u1\") { name } jobs { title } }", Map.of());
        assertEquals(1, plan.stages().size());
        List<FetchGroup> groups = plan.groups();
        assertEquals(2, groups.size());
        assertEquals("users", groups.get(0).subgraph());
        assertEquals("query { a: users { id } b: user(id: \"u1\") { name } }", groups.get(0).operationText());
        assertEquals("query { jobs { title } }", groups.get(1).operationText());
        assertTrue(groups.stream().allMatch(g -> g.dependencies().isEmpty()));
    }

    @Test
    void entityFieldsChainThroughOneRequestPerSubgraphAndLevel() {
        QueryPlan plan = plan("{ users { name jobs { title applications { status applicant { name } } } } }", Map.of());
        List<FetchGroup> groups = plan.groups();
        assertEquals(List.of("users", "jobs", "pipeline", "users"), groups.stream().map(FetchGroup::subgraph).toList());
        assertEquals("query { users { name __typename id } }", groups.get(0).operationText());
        assertEquals("query($representations: [_Any!]!) { _entities(representations: $representations) {"
                + " ... on User { jobs { title __typename id } } } }", groups.get(1).operationText());
        assertEquals(List.of("users"), groups.get(1).entityFetches().get(0).path());
        assertEquals(Set.of(groups.get(0)), groups.get(1).dependencies());
        assertEquals(Set.of(groups.get(1)), groups.get(2).dependencies());
        assertEquals(List.of("users", "jobs", "applications", "applicant"),
                groups.get(3).entityFetches().get(0).path());
    }

    @Test
    void requiredFieldsAreSelectedBeforeTheEntityFetchAndSentAsRepresentation() {
        QueryPlan plan = plan("{ user(id: \"u2\") { greeting } }", Map.of());
        List<FetchGroup> groups = plan.groups();
        assertEquals("query { user(id: \"u2\") { __typename id name } }", groups.get(0).operationText());
        assertEquals("id name", groups.get(1).entityFetches().get(0).shapes().get("User").toString());
    }

    @Test
    void requiredFieldsOwnedByAThirdSubgraphAddADependency() {
        // ai returns Job references; Job.summary (ai) @requires title, which only jobs resolves: ai -> jobs -> ai
        QueryPlan plan = plan("{ recommendations(userId: \"u1\") { ... on Job { summary } } }", Map.of());
        List<FetchGroup> groups = plan.groups();
        assertEquals(List.of("ai", "jobs", "ai"), groups.stream().map(FetchGroup::subgraph).toList());
        assertEquals(Set.of(groups.get(0), groups.get(1)), groups.get(2).dependencies());
        assertEquals("id title", groups.get(2).entityFetches().get(0).shapes().get("Job").toString());
    }

    @Test
    void providedFieldsNeedNoExtraFetch() {
        QueryPlan plan = plan("{ jobs { postedBy { name } } }", Map.of());
        assertEquals(1, plan.groups().size());
        assertEquals("query { jobs { postedBy { name } } }", plan.groups().get(0).operationText());
        QueryPlan withEmail = plan("{ jobs { postedBy { email } } }", Map.of());
        assertEquals(List.of("jobs", "users"), withEmail.groups().stream().map(FetchGroup::subgraph).toList());
    }

    @Test
    void compoundKeysAreSelectedInFull() {
        QueryPlan plan = plan("{ applications { matchScore } }", Map.of());
        assertEquals("query { applications { __typename userId jobId } }", plan.groups().get(0).operationText());
        assertEquals("userId jobId", plan.groups().get(1).entityFetches().get(0).shapes().get("Application").toString());
    }

    @Test
    void variablesAreForwardedOnlyWhereUsedAndSkippedFieldsAreNotFetched() {
        QueryPlan plan = plan("query Q($id: ID!, $skip: Boolean!) { user(id: $id) { name jobs @skip(if: $skip) { id } } }",
                Map.of("id", "u1", "skip", true));
        assertEquals(1, plan.groups().size());
        assertEquals("query Q__users__0($id: ID!) { user(id: $id) { name } }", plan.groups().get(0).operationText());
        assertEquals(List.of("id"), plan.groups().get(0).variableNames());
    }

    @Test
    void mutationsRunInStagesAndConsecutiveFieldsOfOneSubgraphShareARequest() {
        QueryPlan plan = plan("mutation { a: renameUser(id: \"u1\", name: \"A\") { id } b: renameUser(id: \"u2\", name: \"B\") { id }"
                + " c: postJob(title: \"T\", ownerId: \"u1\") { id postedBy { email } } d: renameUser(id: \"u1\", name: \"Ada\") { id } }",
                Map.of());
        assertEquals(3, plan.stages().size());
        assertEquals(List.of("users"), plan.stages().get(0).stream().map(FetchGroup::subgraph).toList());
        assertEquals(List.of("jobs", "users"), plan.stages().get(1).stream().map(FetchGroup::subgraph).toList());
        assertEquals(List.of("users"), plan.stages().get(2).stream().map(FetchGroup::subgraph).toList());
        assertTrue(plan.stages().get(0).get(0).operationText().startsWith("mutation { a: renameUser"));
        assertTrue(plan.stages().get(1).get(1).operationText().startsWith("query"), "entity fetches are queries");
    }

    @Test
    void abstractPositionsSelectTypenameAndSplitByType() {
        QueryPlan plan = plan("{ recommendations(userId: \"u1\") { ... on Job { title } ... on Tip { text } } }", Map.of());
        assertEquals("query { recommendations(userId: \"u1\") { __typename ... on Job { __typename id } ... on Tip { text } } }",
                plan.groups().get(0).operationText());
        assertEquals("jobs", plan.groups().get(1).subgraph());
    }
}
