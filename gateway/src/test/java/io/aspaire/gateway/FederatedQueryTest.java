package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.graphql;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.aspaire.gateway.GatewayTestSupport.setMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.gateway.stubs.StubSubgraph;
import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** End-to-end federation behaviour against the four stub subgraphs (one Quarkus boot shared with other tests). */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FederatedQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void ready() {
        awaitFullyComposed();
        resetStubs();
    }

    private static Object json(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object data(JsonPath response) {
        return response.get("data");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> representations(Map<String, Object> request) {
        Map<String, Object> variables = (Map<String, Object>) request.get("variables");
        return (List<Object>) variables.get("representations");
    }

    /**
     * Plans are remembered per document; a directive variable ({@code @skip(if: $x)}) changes what is fetched, so the
     * same text with another value must not reuse the plan, and variables are still checked when a plan is reused.
     */
    @Test
    void aRememberedPlanFollowsDirectiveVariablesAndStillChecksVariableTypes() {
        String query = "query Board($id: ID!, $skip: Boolean!) { user(id: $id) { name jobs @skip(if: $skip) { title } } }";
        for (boolean skip : new boolean[] { false, true, false, true }) {
            resetStubs();
            JsonPath response = graphql(query, Map.of("id", "u1", "skip", skip), null).then().statusCode(200)
                    .extract().jsonPath();
            assertNull(response.get("errors"));
            assertEquals(skip ? json("{\"user\":{\"name\":\"Ada\"}}")
                    : json("{\"user\":{\"name\":\"Ada\",\"jobs\":[{\"title\":\"Backend Engineer\"},"
                            + "{\"title\":\"Data Scientist\"}]}}"), data(response), "skip=" + skip);
            assertEquals(skip ? 0 : 1, operations("jobs").size(), "requests to jobs with skip=" + skip);
        }
        resetStubs();
        graphql(query, Map.of("id", "u1", "skip", "sometimes"), null).then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("data", equalTo(null));
        graphql(query, Map.of("id", "u2"), null).then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        assertEquals(List.of(), operations("users"), "nothing is fetched for invalid variables");
    }

    @Test
    void rootFieldsGoToTheirOwningSubgraphs() {
        JsonPath response = graphql("{ users { id name } jobs { id title } applications { status } }")
                .then().statusCode(200).extract().jsonPath();
        assertNull(response.get("errors"));
        assertEquals(json("""
                {"users":[{"id":"u1","name":"Ada"},{"id":"u2","name":"Grace"},{"id":"u3","name":"Linus"}],
                 "jobs":[{"id":"j1","title":"Backend Engineer"},{"id":"j2","title":"Data Scientist"},{"id":"j3","title":"SRE"}],
                 "applications":[{"status":"APPLIED"},{"status":"INTERVIEW"},{"status":"OFFER"}]}"""), data(response));
        assertEquals("query { users { id name } }", operations("users").get(0).get("query"));
        assertEquals("query { jobs { id title } }", operations("jobs").get(0).get("query"));
        assertEquals("query { applications { status } }", operations("pipeline").get(0).get("query"));
        assertEquals(List.of(), operations("ai"));
    }

    @Test
    void entityJoinsAcrossSeveralHopsBatchOneRequestPerSubgraphAndLevel() {
        JsonPath response = graphql("{ users { name jobs { title applications { status applicant { name } } } } }")
                .then().statusCode(200).extract().jsonPath();
        assertNull(response.get("errors"));
        assertEquals(json("""
                {"users":[
                  {"name":"Ada","jobs":[
                    {"title":"Backend Engineer","applications":[
                      {"status":"APPLIED","applicant":{"name":"Grace"}},{"status":"INTERVIEW","applicant":{"name":"Linus"}}]},
                    {"title":"Data Scientist","applications":[]}]},
                  {"name":"Grace","jobs":[{"title":"SRE","applications":[{"status":"OFFER","applicant":{"name":"Linus"}}]}]},
                  {"name":"Linus","jobs":[]}]}"""), data(response));
        // users -> jobs (3 users, 1 request) -> pipeline (3 jobs, 1 request) -> users (applicants u2, u3, u3: de-duplicated)
        List<Map<String, Object>> users = operations("users");
        assertEquals(2, users.size());
        assertEquals(1, operations("jobs").size());
        assertEquals(1, operations("pipeline").size());
        assertEquals(json("""
                [{"__typename":"User","id":"u1"},{"__typename":"User","id":"u2"},{"__typename":"User","id":"u3"}]"""),
                representations(operations("jobs").get(0)));
        assertEquals(3, representations(operations("pipeline").get(0)).size());
        assertEquals(json("""
                [{"__typename":"User","id":"u2"},{"__typename":"User","id":"u3"}]"""), representations(users.get(1)));
    }

    @Test
    void entitiesAtSeveralPathsShareOneRequest() {
        JsonPath response = graphql("{ a: users(first: 1) { jobs { id } } b: user(id: \"u2\") { jobs { title } } }")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(json("""
                {"a":[{"jobs":[{"id":"j1"},{"id":"j2"}]}],"b":{"jobs":[{"title":"SRE"}]}}"""), data(response));
        List<Map<String, Object>> jobs = operations("jobs");
        assertEquals(1, jobs.size(), "one request carrying one _entities call per path");
        assertTrue(((String) jobs.get(0).get("query")).contains("_0: _entities(representations: $representations0)"),
                (String) jobs.get(0).get("query"));
    }

    @Test
    void requiresSendsTheRequiredFieldsInTheRepresentation() {
        graphql("{ user(id: \"u2\") { greeting } }").then().statusCode(200)
                .body("data.user.greeting", equalTo("Hello, Grace!"))
                .body("data.user.name", equalTo(null));
        assertEquals(json("""
                [{"__typename":"User","id":"u2","name":"Grace"}]"""), representations(operations("jobs").get(0)));
    }

    @Test
    void requiresFromAThirdSubgraphIsFetchedFirst() {
        JsonPath response = graphql("{ recommendations(userId: \"u1\") { ... on Job { summary } ... on Tip { text } } }")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(json("""
                {"recommendations":[{"summary":"Summary of SRE"},{"text":"Polish your CV, u1"},
                 {"summary":"Summary of Backend Engineer"}]}"""), data(response));
        assertEquals(2, operations("ai").size(), "root + _entities for summary");
        assertEquals(json("""
                [{"__typename":"Job","id":"j3","title":"SRE"},{"__typename":"Job","id":"j1","title":"Backend Engineer"}]"""),
                representations(operations("ai").get(1)));
    }

    @Test
    void providesAvoidsAFetchAndDuplicatesAreBatchedOnce() {
        graphql("{ jobs { postedBy { name } } }").then().statusCode(200)
                .body("data.jobs.postedBy.name", equalTo(List.of("Ada", "Ada", "Grace")));
        assertEquals(List.of(), operations("users"), "@provides(fields: \"name\") makes jobs answer it");

        graphql("{ jobs { postedBy { email } } }").then().statusCode(200)
                .body("data.jobs.postedBy.email", equalTo(List.of("ada@aspaire.io", "ada@aspaire.io", "grace@aspaire.io")));
        assertEquals(1, operations("users").size());
        assertEquals(2, representations(operations("users").get(0)).size(), "u1 twice, u2 once: two representations");
    }

    @Test
    void aliasesFragmentsVariablesAndDirectives() {
        String query = """
                query Board($id: ID!, $withEmail: Boolean!, $skipJobs: Boolean = false) {
                  someone: user(id: $id) {
                    ...Person
                    jobs @skip(if: $skipJobs) { ... on Job { label: title } }
                  }
                  everyone: users(first: 2) { __typename id }
                }
                fragment Person on User { name mail: email @include(if: $withEmail) }
                """;
        JsonPath full = graphql(query, Map.of("id", "u1", "withEmail", true), "Board").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(json("""
                {"someone":{"name":"Ada","mail":"ada@aspaire.io","jobs":[{"label":"Backend Engineer"},{"label":"Data Scientist"}]},
                 "everyone":[{"__typename":"User","id":"u1"},{"__typename":"User","id":"u2"}]}"""), data(full));
        Map<String, Object> usersRequest = operations("users").get(0);
        assertTrue(((String) usersRequest.get("query")).startsWith("query Board__users__0($id: ID!)"),
                (String) usersRequest.get("query"));
        assertEquals(Map.of("id", "u1"), usersRequest.get("variables"), "only the variables the subgraph needs");

        resetStubs();
        JsonPath lean = graphql(query, Map.of("id", "u1", "withEmail", false, "skipJobs", true), "Board").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(json("""
                {"someone":{"name":"Ada"},"everyone":[{"__typename":"User","id":"u1"},{"__typename":"User","id":"u2"}]}"""),
                data(lean));
        assertEquals(List.of(), operations("jobs"), "skipped fields are not fetched");
    }

    @Test
    void abstractTypesResolveWithTypename() {
        graphql("{ recommendations(userId: \"u1\") { __typename ... on Job { id title } ... on Tip { text } } }")
                .then().statusCode(200)
                .body("data.recommendations", equalTo(json("""
                        [{"__typename":"Job","id":"j3","title":"SRE"},{"__typename":"Tip","text":"Polish your CV, u1"},
                         {"__typename":"Job","id":"j1","title":"Backend Engineer"}]""")));
    }

    @Test
    void compoundKeysAreSentWhole() {
        graphql("{ applications { userId jobId matchScore job { title } } }").then().statusCode(200)
                .body("data.applications.matchScore", equalTo(List.of(0.8f, 0.6f, 0.9f)))
                .body("data.applications.job.title", equalTo(List.of("Backend Engineer", "Backend Engineer", "SRE")));
        assertEquals(json("""
                [{"__typename":"Application","userId":"u2","jobId":"j1"},{"__typename":"Application","userId":"u3","jobId":"j1"},
                 {"__typename":"Application","userId":"u3","jobId":"j3"}]"""), representations(operations("ai").get(0)));
        assertEquals(2, representations(operations("jobs").get(0)).size(), "j1 twice, j3 once");
    }

    @Test
    void listsAndNulls() {
        graphql("{ user(id: \"nobody\") { name jobs { id } } users { email } }").then().statusCode(200)
                .body("data.user", equalTo(null))
                .body("data.users.email", equalTo(java.util.Arrays.asList("ada@aspaire.io", "grace@aspaire.io", null)))
                .body("errors", equalTo(null));
        assertEquals(List.of(), operations("jobs"), "no entity to resolve under a null");
    }

    @Test
    void entityErrorsKeepTheirPathInTheClientResponse() {
        JsonPath response = graphql("{ jobs { id summary } }").then().statusCode(200).extract().jsonPath();
        assertEquals(json("""
                {"jobs":[{"id":"j1","summary":"Summary of Backend Engineer"},{"id":"j2","summary":null},
                 {"id":"j3","summary":"Summary of SRE"}]}"""), data(response));
        assertEquals(1, response.getList("errors").size());
        assertEquals("Summary unavailable for job j2", response.get("errors[0].message"));
        assertEquals(List.of("jobs", 1, "summary"), response.getList("errors[0].path"));
        assertEquals("ai", response.get("errors[0].extensions.serviceName"));
    }

    @Test
    void aFailingSubgraphLeavesTheRestOfTheAnswer() {
        setMode("ai", "DOWN");
        try {
            JsonPath partial = graphql("{ jobs { title summary } }").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("Backend Engineer", "Data Scientist", "SRE"), partial.getList("data.jobs.title"));
            assertEquals(java.util.Arrays.asList(null, null, null), partial.getList("data.jobs.summary"));
            assertEquals(1, partial.getList("errors").size());
            assertTrue(partial.getString("errors[0].message").startsWith("Request to subgraph \"ai\" failed: HTTP 503"),
                    partial.getString("errors[0].message"));
            assertEquals("SUBGRAPH_REQUEST_FAILED", partial.get("errors[0].extensions.code"));
            assertEquals(List.of("Job.summary"), partial.getList("errors[0].extensions.fields"));

            // a non-null root field that cannot be fetched nulls the whole data, as the GraphQL spec requires
            JsonPath nulled = graphql("{ users { name } recommendations(userId: \"u1\") { __typename } }").then()
                    .statusCode(200).extract().jsonPath();
            assertNull(nulled.get("data"));
            assertEquals("ai", nulled.get("errors[0].extensions.serviceName"));
        } finally {
            setMode("ai", "UP");
        }
        setMode("jobs", "DOWN");
        try {
            JsonPath nullable = graphql("{ user(id: \"u1\") { name } job(id: \"j1\") { title } }").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("Ada", nullable.get("data.user.name"));
            assertNull(nullable.get("data.job"));
            assertTrue(((Map<?, ?>) nullable.get("data")).containsKey("job"));
            assertEquals("jobs", nullable.get("errors[0].extensions.serviceName"));
        } finally {
            setMode("jobs", "UP");
        }
    }

    /**
     * The plan says users and jobs do not depend on each other (QueryPlannerTest); here the executor is seen calling
     * them at the same time: each answers after a second, and the second call arrives while the first still waits.
     */
    @Test
    void independentSubgraphCallsOverlapInTime() {
        setMode("users", "LAGGING");
        setMode("jobs", "LAGGING");
        try {
            long start = System.nanoTime();
            JsonPath response = graphql("{ users { id } jobs { title } }").then().statusCode(200).extract().jsonPath();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNull(response.get("errors"));
            assertEquals(List.of("Backend Engineer", "Data Scientist", "SRE"), response.getList("data.jobs.title"));
            long users = ((Number) operations("users").get(0).get("receivedAtMillis")).longValue();
            long jobs = ((Number) operations("jobs").get(0).get("receivedAtMillis")).longValue();
            assertTrue(Math.abs(users - jobs) < StubSubgraph.LAG_MILLIS, "one call waited for the other: they arrived "
                    + Math.abs(users - jobs) + " ms apart, each takes " + StubSubgraph.LAG_MILLIS + " ms");
            assertTrue(millis < 2 * StubSubgraph.LAG_MILLIS, "two 1 s calls took " + millis + " ms together");
        } finally {
            setMode("users", "UP");
            setMode("jobs", "UP");
        }
    }

    @Test
    void aSlowSubgraphTimesOut() {
        setMode("ai", "SLOW");
        try {
            long start = System.nanoTime();
            JsonPath response = graphql("{ jobs { title summary } }").then().statusCode(200).extract().jsonPath();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("Request to subgraph \"ai\" failed: timed out", response.get("errors[0].message"));
            assertEquals(List.of("Backend Engineer", "Data Scientist", "SRE"), response.getList("data.jobs.title"));
            assertTrue(millis < 2900, "the 1.5 s subgraph timeout applies, took " + millis + " ms");
        } finally {
            setMode("ai", "UP");
        }
    }

    @Test
    void aMutationWhoseAnswerIsLostSaysItsOutcomeIsUnknown() {
        // the subgraph runs the mutation, then its connection breaks (killed between commit and answer)
        setMode("users", "CUT");
        try {
            JsonPath cut = graphql("mutation { renameUser(id: \"u3\", name: \"Linus C\") { name } }").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals("Request to subgraph \"users\" failed: the connection to the service failed",
                    cut.get("errors[0].message"));
            assertEquals("SUBGRAPH_REQUEST_FAILED", cut.get("errors[0].extensions.code"));
            assertEquals("UNKNOWN", cut.get("errors[0].extensions.outcome"), "the rename may have been applied");
            // a query's lost answer changed nothing: no outcome to tell
            JsonPath query = graphql("{ users { name } }").then().statusCode(200).extract().jsonPath();
            assertEquals("SUBGRAPH_REQUEST_FAILED", query.get("errors[0].extensions.code"));
            assertNull(query.get("errors[0].extensions.outcome"));
        } finally {
            setMode("users", "UP");
        }
        // an HTTP answer without GraphQL (503) is an answer: the service did not take the mutation
        setMode("users", "DOWN");
        try {
            JsonPath refused = graphql("mutation { renameUser(id: \"u3\", name: \"Linus D\") { name } }").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals("SUBGRAPH_REQUEST_FAILED", refused.get("errors[0].extensions.code"));
            assertNull(refused.get("errors[0].extensions.outcome"));
        } finally {
            setMode("users", "UP");
        }
        graphql("mutation { renameUser(id: \"u3\", name: \"Linus\") { name } }").then().statusCode(200);
    }

    @Test
    void mutationsRunInOrderAndTheirResultsAreJoined() {
        JsonPath response = graphql("""
                mutation {
                  first: renameUser(id: "u3", name: "Linus T") { name mutationSeq }
                  job: postJob(title: "Platform Engineer", ownerId: "u3") { title seq postedBy { email } }
                  last: renameUser(id: "u3", name: "Linus") { name mutationSeq }
                }""").then().statusCode(200).extract().jsonPath();
        assertNull(response.get("errors"));
        int first = response.getInt("data.first.mutationSeq");
        int job = response.getInt("data.job.seq");
        int last = response.getInt("data.last.mutationSeq");
        assertTrue(first < job && job < last, first + " < " + job + " < " + last);
        assertEquals("Linus T", response.get("data.first.name"));
        assertEquals("Platform Engineer", response.get("data.job.title"));
        assertNull(response.get("data.job.postedBy.email"), "u3 has no email; fetched from users");
        List<Map<String, Object>> users = operations("users");
        assertEquals(3, users.size(), "rename, entity fetch for postedBy, rename");
        assertTrue(((String) users.get(0).get("query")).startsWith("mutation"));
        assertTrue(((String) users.get(1).get("query")).startsWith("query"));
        assertTrue(((String) users.get(2).get("query")).startsWith("mutation"));
    }

    @Test
    void authorizationAndRequestIdAreForwardedToEverySubgraphCall() {
        String token = GatewayTestSupport.validToken();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).header("X-Request-Id", "req-42")
                .body(Map.of("query", "{ users { jobs { id } } }"))
                .post("/graphql").then().statusCode(200).header("X-Request-Id", "req-42");
        for (String subgraph : List.of("users", "jobs")) {
            Map<String, Object> request = operations(subgraph).get(0);
            assertEquals("Bearer " + token, request.get("authorization"), subgraph);
            assertEquals("req-42", request.get("requestId"), subgraph);
        }
        graphql("{ me { id } }").then().statusCode(200);
        String generated = (String) operations("users").get(1).get("requestId");
        assertFalse(generated == null || generated.isBlank(), "a request id is generated when the client sends none");
    }

    @Test
    void introspectionDescribesTheSupergraph() {
        JsonPath response = graphql("""
                { __schema { queryType { name } mutationType { name } types { name } }
                  __type(name: "User") { fields { name } } }""").then().statusCode(200).extract().jsonPath();
        List<String> types = response.getList("data.__schema.types.name");
        assertTrue(types.containsAll(List.of("User", "Job", "Application", "Recommendation", "Tip", "Status", "Company")), types.toString());
        assertFalse(types.contains("_Any") || types.contains("_Entity") || types.contains("_Service"), types.toString());
        assertEquals("Mutation", response.get("data.__schema.mutationType.name"));
        List<String> userFields = response.getList("data.__type.fields.name");
        assertTrue(userFields.containsAll(List.of("id", "name", "email", "jobs", "greeting")), userFields.toString());
        assertFalse(userFields.contains("passwordHash"));
        for (String subgraph : GatewayTestSupport.SUBGRAPHS) {
            assertEquals(List.of(), operations(subgraph), "introspection is answered by the gateway");
        }
    }

    @Test
    void inaccessibleFieldsCannotBeQueried() {
        JsonPath response = graphql("{ users { passwordHash } }").then().statusCode(200).extract().jsonPath();
        assertNull(response.get("data"));
        assertTrue(response.getString("errors[0].message").contains("Field 'passwordHash' in type 'User' is undefined"),
                response.getString("errors[0].message"));
        assertEquals("GRAPHQL_VALIDATION_FAILED", response.get("errors[0].extensions.code"));
    }

    @Test
    void inaccessibleRootFieldsAreNeitherInTheApiNorInItsIntrospection() {
        JsonPath introspection = graphql("{ __schema { queryType { fields { name } } } }").then().statusCode(200)
                .extract().jsonPath();
        List<String> rootFields = introspection.getList("data.__schema.queryType.fields.name");
        assertTrue(rootFields.containsAll(List.of("me", "user", "users", "jobs")), rootFields.toString());
        assertFalse(rootFields.contains("userReference"), rootFields.toString());
        String sdl = given().get("/gateway/supergraph").then().statusCode(200).extract().path("sdl");
        assertFalse(sdl.contains("userReference"), sdl);

        JsonPath refused = graphql("{ userReference(id: \"u1\") { id } }").then().statusCode(200).extract().jsonPath();
        assertEquals("GRAPHQL_VALIDATION_FAILED", refused.get("errors[0].extensions.code"));
        assertTrue(refused.getString("errors[0].message").contains("Field 'userReference' in type 'Query' is undefined"),
                refused.getString("errors[0].message"));
        assertEquals(List.of(), operations("users"), "nothing reaches the subgraph");
        // the gateway still joins User from the users subgraph (through _entities): the accessible API works
        JsonPath joined = graphql("{ jobs { postedBy { id email } } }").then().statusCode(200).extract().jsonPath();
        assertEquals("ada@aspaire.io", joined.getString("data.jobs[0].postedBy.email"));
    }
}
