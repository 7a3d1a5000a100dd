package io.aspaire.gateway;

import static io.aspaire.gateway.GatewayTestSupport.awaitFullyComposed;
import static io.aspaire.gateway.GatewayTestSupport.graphql;
import static io.aspaire.gateway.GatewayTestSupport.operations;
import static io.aspaire.gateway.GatewayTestSupport.resetStubs;
import static io.aspaire.gateway.GatewayTestSupport.setMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import graphql.introspection.IntrospectionQuery;

import io.aspaire.gateway.stubs.StubSubgraphsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What a hostile (or just unusual) client sends: fragment bombs, introspection as Apollo answers it, oversized and
 * malformed bodies, badly typed variables. Never a 500, never a Java name in a message, refusals fast.
 */
@QuarkusTest
@WithTestResource(value = StubSubgraphsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileRequestsTest {

    /** A package-qualified class name, an exception or graphql-java's AST and Java collection names. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*|[A-Z]\\w*Exception"
            + "|\\b(?:StringValue|IntValue|ObjectValue|EnumValue|LinkedHashMap|HashMap|ArrayList|Map\\d|List\\d+)\\b");

    @BeforeEach
    void ready() {
        awaitFullyComposed();
        resetStubs();
    }

    private static String fragmentBomb(int depth, String leaf) {
        StringBuilder query = new StringBuilder("query{...F" + depth + "}\nfragment F0 on Query{" + leaf + "}\n");
        for (int i = 1; i <= depth; i++) {
            query.append("fragment F").append(i).append(" on Query{...F").append(i - 1).append(" ...F").append(i - 1)
                    .append("}\n");
        }
        return query.toString();
    }

    private static void assertNoJavaNames(Response response) {
        String body = response.asString();
        assertFalse(JAVA_NAME.matcher(body).find(), "Java names in " + body);
    }

    @Test
    void fragmentBombIsRefusedFastBeforeAnyExpansion() {
        for (String leaf : List.of("__typename", "users { id name }")) {
            String bomb = fragmentBomb(30, leaf);
            assertTrue(bomb.length() < 1_300, "about 1 KB of text: " + bomb.length());
            List<Long> millis = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                long start = System.nanoTime();
                Response response = graphql(bomb);
                millis.add((System.nanoTime() - start) / 1_000_000);
                response.then().statusCode(200).body("data", nullValue())
                        .body("errors[0].extensions.code", equalTo("OPERATION_LIMIT_EXCEEDED"))
                        .body("errors[0].message", equalTo(
                                "Query has too many fields: 1,073,741,824 once fragments are expanded, the limit is 2000."
                                        .replace("1,073,741,824", leaf.startsWith("users") ? "3,221,225,472" : "1,073,741,824")));
                assertNoJavaNames(response);
            }
            System.out.println("[gateway] fragment bomb (depth 30, F0 { " + leaf + " }) refused in " + millis + " ms");
            assertTrue(millis.get(millis.size() - 1) < 200, "refused in " + millis + " ms");
        }
        assertEquals(List.of(), operations("users"));
        // a fragment cycle is refused at once too (no stack overflow, no loop)
        graphql("query { ...A } fragment A on Query { users { ...B } } fragment B on User { jobs { postedBy { ...B } } }")
                .then().statusCode(200).body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", startsWith("Fragment cycle: B → B."));
    }

    @Test
    void legitimateFragmentsStillWork() {
        graphql("""
                query { ...Everyone }
                fragment Everyone on Query { users(first: 1) { ...Person jobs { ...JobLine } } }
                fragment Person on User { id name }
                fragment JobLine on Job { id title postedBy { ...Person } }
                """).then().statusCode(200).body("errors", nullValue())
                .body("data.users[0].id", equalTo("u1")).body("data.users[0].jobs[0].postedBy.id", notNullValue());
    }

    @Test
    void introspectionIsAnsweredAsApolloAnswersIt() {
        Response twoFieldLists = graphql(
                "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }");
        twoFieldLists.then().statusCode(200).body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItem("users"))
                .body("data.__schema.mutationType.fields.name", hasItem("renameUser"));
        graphql("{ a: __schema { queryType { name } } b: __schema { types { name } } }").then().statusCode(200)
                .body("errors", nullValue()).body("data.a.queryType.name", equalTo("Query"))
                .body("data.b.types.name", hasItem("User"));
        graphql("{ __type(name: \"User\") { fields { name type { ofType { ofType { ofType { ofType { ofType { ofType "
                + "{ ofType { name } } } } } } } } } } }").then().statusCode(200).body("errors", nullValue())
                .body("data.__type.fields.name", hasItem("id"));
        long start = System.nanoTime();
        Response full = graphql(IntrospectionQuery.INTROSPECTION_QUERY);
        long millis = (System.nanoTime() - start) / 1_000_000;
        full.then().statusCode(200).body("errors", nullValue()).body("data.__schema.types.name", hasItem("Job"));
        System.out.println("[gateway] full GraphiQL introspection query answered in " + millis + " ms, "
                + full.asString().length() + " bytes");
    }

    @Test
    void abusiveIntrospectionIsAGraphQLErrorNotA500() {
        Response response = graphql("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }");
        response.then().statusCode(200).body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", startsWith("Maximum introspection depth exceeded"));
        assertNoJavaNames(response);
    }

    @Test
    void oversizedBodiesGetAGraphQLError() throws java.io.IOException {
        String huge = "{\"query\":\"{ users { id } }\",\"variables\":{\"pad\":\"" + "x".repeat(1_100_000) + "\"}}";
        given().contentType(ContentType.JSON).body(huge.getBytes(StandardCharsets.UTF_8)).post("/graphql").then()
                .statusCode(413).contentType(startsWith("application/json"))
                .body("errors[0].message", equalTo("The request body is too large: the limit is 1048576 bytes."))
                .body("errors[0].extensions.code", equalTo("PAYLOAD_TOO_LARGE"));
        // beyond Quarkus's own limit (10 MB by default) too: answered from the announced length, connection closed
        String answer = rawPost("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (50 * 1024 * 1024) + "\r\n\r\n{\"query\":");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        given().contentType(ContentType.JSON).body("{}").put("/graphql").then().statusCode(405)
                .header("Allow", "GET, POST").body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        given().contentType("text/plain").body("{ users { id } }").post("/graphql").then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    /** Sends {@code request} as it is and reads the answer until the server closes the connection (5 s at most). */
    private static String rawPost(String request) throws java.io.IOException {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class);
        if (port == 0) {
            port = io.restassured.RestAssured.port;
        }
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                // the answer is complete; the connection stayed open
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedRequestBodiesGetTheSubgraphsAnswer() {
        Map<String, String> bodies = Map.of(
                "{\"query\":\"{ __typename }\",\"variables\":\"x\"}", "\"variables\" must be a JSON object.",
                "[1,2]", "The request body is not a JSON object.",
                "{\"query\":\"{ __typename }\",\"operationName\":5}", "\"operationName\" must be a string.",
                "{\"query\":\"{ __typename }\",\"extensions\":\"x\"}", "\"extensions\" must be a JSON object.",
                "{\"query\":5}", "\"query\" must be a string.",
                "null", "The request body is not a JSON object.");
        bodies.forEach((body, message) -> given().contentType(ContentType.JSON).body(body).post("/graphql").then()
                .statusCode(400).body("errors[0].message", equalTo(message))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST")));
        // raw tabs inside a JSON string: accepted, as SmallRye GraphQL accepts them on the subgraphs
        given().contentType(ContentType.JSON).body("{\"query\":\"{\t__typename }\"}").post("/graphql").then()
                .statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void coercionAndValidationMessagesNameNoJavaTypes() {
        for (Object value : List.of(Map.of("a", 1), List.of(1, 2), "many", true, 1.5)) {
            Response response = graphql("query Q($n: Int) { users(first: $n) { id } }", Map.of("n", value), null);
            response.then().statusCode(200).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
            assertNoJavaNames(response);
        }
        Response object = graphql("query Q($n: Int) { users(first: $n) { id } }", Map.of("n", Map.of("a", 1)), null);
        object.then().body("errors[0].message", equalTo("Variable 'n' has an invalid value: Expected a value that "
                + "can be converted to type 'Int' but it was an object"));
        Response literal = graphql("{ users(first: \"x\") { id } }");
        literal.then().statusCode(200).body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", not(equalTo(null)));
        assertNoJavaNames(literal);
        assertEquals("Validation error (WrongType@[users]) : argument 'first' is not a valid 'Int' - Expected an "
                + "integer but it was a string", literal.path("errors[0].message"));
    }

    @Test
    void aSubgraphRefusingTheTokenMeansA401ForTheClient() {
        setMode("users", "UNAUTHORIZED");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + GatewayTestSupport.validToken())
                .body(Map.of("query", "{ me { name } jobs { id } }")).post("/graphql").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        setMode("users", "UP");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + GatewayTestSupport.validToken())
                .body(Map.of("query", "{ me { name } }")).post("/graphql").then().statusCode(200)
                .body("data.me.name", equalTo("Ada"));
    }
}
