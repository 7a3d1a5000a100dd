package io.aspaire.platform.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.parser.Parser;

/** The GraphQL rules on their own: document limits, request envelope, error messages. */
class GraphQLRulesTest {

    private final DocumentLimits limits = new DocumentLimits(20, 5000, 100);

    /** query { ...F30 }, fragment Fi on Query { ...F(i-1) ...F(i-1) }: 2^30 fields once expanded. */
    static String fragmentDoubling(int depth) {
        StringBuilder q = new StringBuilder("query Bomb { ...F" + depth + " }\nfragment F0 on Query { __typename }\n");
        for (int i = 1; i <= depth; i++) {
            q.append("fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1)
                    .append(" }\n");
        }
        return q.toString();
    }

    @Test
    void fragmentDoublingIsMeasuredWithoutExpandingIt() {
        limits.firstViolation(Parser.parse("{ a }")); // load the parser's classes first: time the check, not them
        long start = System.nanoTime();
        String verdict = limits.firstViolation(Parser.parse(fragmentDoubling(30)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("operation Bomb selects 1073741824 fields once its fragments are expanded; the limit is 5000",
                verdict);
        assertTrue(millis < 200, millis + " ms");
        // 62 levels saturate instead of overflowing
        assertTrue(limits.firstViolation(Parser.parse(fragmentDoubling(70))).contains("more than"));
    }

    @Test
    void depthFieldsAndAliasesAreLimited() {
        String deep = "{ " + "a { ".repeat(21) + "b" + " }".repeat(21) + " }";
        assertEquals("the operation is 22 levels deep; the limit is 20", limits.firstViolation(Parser.parse(deep)));
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            aliases.append(" a").append(i).append(": __typename");
        }
        assertEquals("the operation uses 500 aliases; the limit is 100",
                limits.firstViolation(Parser.parse(aliases.append(" }").toString())));
        assertNull(limits.firstViolation(Parser.parse("query { me { id email preferences { jobTitles } } }")));
        assertNull(limits.firstViolation(Parser.parse(
                "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")), "cycles are validation's");
    }

    @Test
    void malformedEnvelopesGetTheGatewayWording() {
        assertEquals("\"variables\" must be a JSON object.", problem("{\"query\":\"{ __typename }\",\"variables\":\"x\"}"));
        assertEquals("\"variables\" must be a JSON object.", problem("{\"query\":\"{ __typename }\",\"variables\":[1,2]}"));
        assertEquals("\"operationName\" must be a string.", problem("{\"query\":\"{ a }\",\"operationName\":5}"));
        assertEquals("\"query\" must be a string.", problem("{\"query\":5}"));
        assertEquals("\"extensions\" must be a JSON object.", problem("{\"query\":\"{ a }\",\"extensions\":1}"));
        assertEquals("The request body is not a JSON object.", problem("[1,2]"));
        assertEquals("The request body is not a JSON object.", problem("{not json"));
        assertEquals("The request body is not a JSON object.", problem(""));
        assertEquals("The request body is not a JSON object.", problem("[".repeat(5000)));
        assertEquals("The request has no query (send {\"query\": \"...\"})", problem("{}"));
        assertNull(problem("{\"query\":\"{ a }\",\"variables\":null,\"operationName\":null}"));
        assertNull(problem("{\"query\":\"query {\n\ta }\",\"variables\":{\"x\":[1]}}"), "raw tabs, as SmallRye");
        // the streaming check answers as a parsed tree would
        assertEquals("\"query\" must be a string.", problem("{\"query\":\"{ a }\",\"query\":5}"), "the last wins");
        assertNull(problem("{\"query\":5,\"query\":\"{ a }\"}"), "the last wins");
        assertEquals("The request has no query (send {\"query\": \"...\"})", problem("{\"query\":\" \\n \"}"));
        assertEquals("The request body is not a JSON object.", problem("{\"query\":\"{ a }\""));
        assertEquals("The request body is not a JSON object.", problem("{\"query\":\"{ a }\",\"variables\":{\"x\":[1}}"));
        assertEquals("The request body is not a JSON object.",
                problem("{\"query\":\"{ a }\",\"variables\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        assertNull(problem("{\"query\":\"{ a }\",\"variables\":{\"query\":5,\"extensions\":1},\"x\":{\"variables\":2}}"),
                "fields inside variables and unknown fields are not the envelope's");
        assertNull(problem("{\"query\":\"{ a }\"} trailing"), "text after the object is ignored, as readTree does");
        assertEquals("The \"variables\" parameter is not a JSON object.",
                GraphQLEnvelope.problemInParameters("{ a }", "x", null));
        assertNull(GraphQLEnvelope.problemInParameters("{ a }", "{\"a\":1}", null));
        assertEquals("{\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":\"BAD_REQUEST\"}}]}",
                GraphQLEnvelope.errorBody("m"));
    }

    private static String problem(String body) {
        return GraphQLEnvelope.problem(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void errorMessagesNeverNameClasses() {
        String transform = "argument 'filter' with value 'StringValue{value='{postedAfter=x}'}' is not a valid "
                + "'Unknown Scalar Type [io.aspaire.jobs.model.JobFilter]'";
        assertTrue(ErrorMessages.leaks(transform));
        assertEquals("argument 'filter' has an invalid value: check the type and format of each of its fields",
                ErrorMessages.rewordArgumentError(transform));
        String wrongType = "Validation error (WrongType@[jobs]) : argument 'first' with value 'StringValue{value='x'}'"
                + " is not a valid 'Int' - Expected a value that can be converted to type 'Int' but it was a "
                + "'StringValue'";
        assertEquals("Validation error (WrongType@[jobs]) : argument 'first' is not a valid 'Int'",
                ErrorMessages.rewordArgumentError(wrongType));
        assertFalse(ErrorMessages.leaks("page must be 0 or more (got -1)"));
        assertTrue(ErrorMessages.leaks("Cannot deserialize java.lang.String"));
        assertTrue(ErrorMessages.leaks("NullPointerException"));

        GraphQLError leaking = GraphqlErrorBuilder.newError().message(transform).errorType(ErrorType.ValidationError)
                .path(List.of("jobs")).build();
        GraphQLError clean = ErrorMessages.clean(List.of(leaking)).get(0);
        assertFalse(ErrorMessages.leaks(clean.getMessage()));
        assertEquals(List.of("jobs"), clean.getPath());
        assertEquals(Map.of("code", "BAD_REQUEST"), Map.of("code", clean.getExtensions().get("code")));
        GraphQLError fine = GraphqlErrorBuilder.newError().message("jobId is required").build();
        assertTrue(ErrorMessages.clean(List.of(fine)).get(0) == fine);
    }
}
