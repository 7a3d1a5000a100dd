package io.aspaire.pipeline.api;

import io.aspaire.pipeline.support.Gql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The platform's input rules are switched on here: control characters, the request envelope, page/date/id bounds,
 * document limits, and no Java names in messages (docs/architecture.md, "Input rules").
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InputRulesTest {

    @Test
    void aNulInANoteIsRefusedNamingTheArgumentAndNothingIsStored() {
        Gql user = Gql.newUser();
        UUID job = UUID.randomUUID();
        user.saveJob(job, null);
        JsonPath viaVariable = user.fails("BAD_REQUEST", "mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, "
                + "content: $c) { id } }", "j", job.toString(), "c", "\u0000");
        assertEquals("content must not contain control characters", viaVariable.getString("errors[0].message"));
        // the GraphQL string escape in the document itself, and a C1 control
        JsonPath literal = user.fails("BAD_REQUEST", "mutation { addJobNote(jobId: \"" + job + "\", content: "
                + "\"note\\u0000\") { id } }");
        assertEquals("content must not contain control characters", literal.getString("errors[0].message"));
        user.fails("BAD_REQUEST", "mutation($j: ID!) { addJobNote(jobId: $j, content: \"a\\u0085b\") { id } }",
                "j", job.toString());
        assertEquals(0, user.ok("query($j: ID!) { jobNotes(jobId: $j) { id } }", "j", job.toString())
                .getList("data.jobNotes").size());
        // tabs and line breaks are text
        user.ok("mutation($j: ID!) { addJobNote(jobId: $j, content: \"line 1\\n\\tline 2\") { id } }",
                "j", job.toString());
    }

    @Test
    void malformedRequestBodiesAre400WithTheGatewaysShape() {
        String token = TestJwt.forUser(UUID.randomUUID());
        List<List<String>> cases = List.of(
                List.of("{\"query\":\"{ __typename }\",\"variables\":\"x\"}", "\"variables\" must be a JSON object."),
                List.of("{\"query\":\"{ __typename }\",\"variables\":[1,2]}", "\"variables\" must be a JSON object."),
                List.of("{\"query\":\"{ __typename }\",\"operationName\":5}", "\"operationName\" must be a string."),
                List.of("{\"query\":5}", "\"query\" must be a string."),
                List.of("[{\"query\":\"{ __typename }\"}]", "The request body is not a JSON object."),
                List.of("{\"query\":", "The request body is not a JSON object."),
                List.of("", "The request body is not a JSON object."),
                List.of("{}", "The request has no query (send {\"query\": \"...\"})"));
        for (List<String> c : cases) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(c.get(0))
                    .post("/graphql").then().statusCode(400)
                    .body("errors[0].message", equalTo(c.get(1)))
                    .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        }
        given().queryParam("query", "{ __typename }").queryParam("variables", "x").get("/graphql").then()
                .statusCode(400).body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        // a well-formed request still works, null variables included
        given().contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\",\"variables\":null}")
                .post("/graphql").then().statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void pagesDatesAndIdsAreBounded() {
        Gql user = Gql.newUser();
        String page = user.fails("BAD_REQUEST", "query($u: ID!) { pipelineJobs(userId: $u, page: 2147483647, "
                + "size: 100) { totalCount } }", "u", user.userId.toString()).getString("errors[0].message");
        assertTrue(page.startsWith("page 2147483647 of size 100 is beyond the last addressable page"), page);
        // null page and size mean the documented defaults
        user.ok("query($u: ID!) { pipelineJobs(userId: $u, page: null, size: null) { totalCount } }",
                "u", user.userId.toString());
        user.ok("query { reminders(page: null, size: null) { id } }");
        // SmallRye's Int would wrap 4294967297 to 1: refused by name, in the document and in variables
        assertEquals("size must be a whole number between -2147483648 and 2147483647", user.fails("BAD_REQUEST",
                "query { reminders(size: 4294967297) { id } }").getString("errors[0].message"));
        assertEquals("page must be a whole number between -2147483648 and 2147483647", user.fails("BAD_REQUEST",
                "query($p: Int) { reminders(page: $p) { id } }", "p", 2147483648L).getString("errors[0].message"));
        // a fraction in the variables is no whole number either (SmallRye's scalar would fail on it internally)
        assertEquals("page must be a whole number between -2147483648 and 2147483647", user.fails("BAD_REQUEST",
                "query($p: Int) { reminders(page: $p) { id } }", "p", 1.5).getString("errors[0].message"));
        UUID job = UUID.randomUUID();
        user.saveJob(job, null);
        for (String far : List.of("+100000-01-01T00:00:00Z", "9999-01-01T00:00:00Z", "0000-01-01T00:00:00Z")) {
            String message = user.fails("BAD_REQUEST", "mutation($j: ID!, $d: String!) { setReminder(jobId: $j, "
                    + "datetime: $d) { id } }", "j", job.toString(), "d", far).getString("errors[0].message");
            assertTrue(message.startsWith("datetime"), message);
        }
        assertEquals("jobId is required", user.fails("BAD_REQUEST",
                "query { jobNotes(jobId: \"\") { id } }").getString("errors[0].message"));
        assertEquals("id: 'x' is not a valid id (a UUID is expected)", user.fails("BAD_REQUEST",
                "query { application(id: \"x\") { id } }").getString("errors[0].message"));
    }

    @Test
    void documentsOverTheLimitsAreRefusedBeforeAnyWork() {
        Gql user = Gql.newUser();
        StringBuilder bomb = new StringBuilder("query { ...F30 }\nfragment F0 on Query { __typename }\n");
        for (int i = 1; i <= 30; i++) {
            bomb.append("fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }\n");
        }
        user.ok("{ __typename }"); // a first request warms the JVM: time the refusal, not class loading
        long start = System.nanoTime();
        JsonPath refused = user.fails("OPERATION_LIMIT_EXCEEDED", bomb.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "took " + millis + " ms");
        assertTrue(refused.getString("errors[0].message").contains("1073741824 fields"), refused.prettify());

        user.ok("{ pipelineStats(userId: \"" + user.userId + "\") { __typename } }"); // an ordinary query passes
        String tooDeep = "{ __schema { types { " + "ofType { ".repeat(20) + "name" + " }".repeat(20) + " } } }";
        assertTrue(user.fails("OPERATION_LIMIT_EXCEEDED", tooDeep).getString("errors[0].message")
                .contains("levels deep; the limit is 20"));
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            aliases.append(" a").append(i).append(": __typename");
        }
        assertTrue(user.fails("OPERATION_LIMIT_EXCEEDED", aliases.append(" }").toString())
                .getString("errors[0].message").contains("500 aliases; the limit is 100"));
    }

    @Test
    void noMessageNamesAJavaClass() {
        Gql user = Gql.newUser();
        for (String query : List.of(
                "query { pipelineJobs(userId: \"" + user.userId + "\", stage: BOGUS) { totalCount } }",
                "query { pipelineJobs(userId: \"" + user.userId + "\", page: \"x\") { totalCount } }",
                "query { pipelineJobs(userId: \"" + user.userId + "\", page: 2147483648) { totalCount } }",
                "query { pipelineJobs(userId: \"" + user.userId + "\", size: 4294967297) { totalCount } }",
                "mutation { saveJob(jobId: {a: 1}) { id } }",
                "query { reminders(status: 5) { id } }")) {
            JsonPath json = user.call(query);
            assertFalse(json.getList("errors").isEmpty(), query);
            String messages = json.getList("errors.message").toString() + json.getList("errors.extensions.code");
            for (String internal : List.of("io.aspaire", "java.", "Exception", "StringValue", "System error",
                    "INTERNAL")) {
                assertFalse(messages.contains(internal), internal + " in " + json.prettify());
            }
        }
    }
}
