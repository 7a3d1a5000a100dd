package io.aspaire.e2e.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The hostile suite's judge, on answers seen from the services (no suite needed). */
class VerdictTest {

    static final String B_ID = "6927be5e-e60d-4f69-a67d-44fe9a4e397f";
    static final Secrets SECRETS = new Secrets("bsecret1234", List.of(B_ID));

    static Probe probe(String path) {
        return new Probe("user-service", "test", "test", "POST", URI.create("http://localhost:1" + path),
                "application/json", "token", "{}", null, Duration.ofSeconds(5), SECRETS);
    }

    static String kind(String path, int status, String body) {
        Verdict.Failure failure = Verdict.judge(probe(path), status, body);
        return failure == null ? null : failure.kind();
    }

    @Test
    void aServerErrorFails() {
        assertEquals(Verdict.SERVER_ERROR, kind("/graphql", 500, "{\"details\":\"Error id 1\",\"stack\":\"\"}"));
        assertEquals(Verdict.SERVER_ERROR, kind("/resumes", 503, "{\"code\":\"UNAVAILABLE\",\"message\":\"x\"}"));
    }

    @Test
    void systemErrorsAndInternalCodesFail() {
        assertEquals(Verdict.SYSTEM_ERROR, kind("/graphql", 200,
                "{\"errors\":[{\"message\":\"System error\"}],\"data\":{\"jobs\":null}}"));
        assertEquals(Verdict.SYSTEM_ERROR, kind("/graphql", 200,
                "{\"errors\":[{\"message\":\"x\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}"));
    }

    @Test
    void javaClassOrPackageNamesInMessagesFail() {
        assertEquals(Verdict.CLASS_NAME, kind("/graphql", 200, "{\"errors\":[{\"message\":\"argument 'filter' is not "
                + "a valid 'Unknown Scalar Type [io.aspaire.jobs.model.JobFilter]'\"}]}"));
        assertEquals(Verdict.CLASS_NAME, kind("/graphql", 200,
                "{\"errors\":[{\"message\":\"AI provider call failed: ModelNotFoundException\"}]}"));
        assertEquals(Verdict.CLASS_NAME, kind("/user/me", 400, "java.lang.ClassCastException: x"));
    }

    @Test
    void anotherUsersDataFails() {
        assertEquals(Verdict.LEAK, kind("/graphql", 200, "{\"data\":{\"me\":{\"displayName\":\"BSECRET1234 B\"}}}"));
        assertEquals(Verdict.LEAK, kind("/graphql", 200, "{\"data\":{\"application\":{\"id\":\"" + B_ID + "\"}}}"));
        assertEquals(Verdict.LEAK, kind("/resumes/x", 200, "{\"id\":\"" + B_ID + "\"}"));
    }

    @Test
    void clearRefusalsPass() {
        // an error naming the id the request sent is no leak
        assertNull(kind("/graphql", 200, "{\"errors\":[{\"message\":\"application " + B_ID + " not found\","
                + "\"extensions\":{\"code\":\"NOT_FOUND\",\"classification\":\"DataFetchingException\"}}],"
                + "\"data\":{\"application\":null}}"));
        assertNull(kind("/resumes/x", 404, "{\"code\":\"NOT_FOUND\",\"message\":\"resume " + B_ID + " not found\"}"));
        // graphql-java's classification names are no message
        assertNull(kind("/graphql", 200, "{\"errors\":[{\"message\":\"Validation error (WrongType@[jobs]) : "
                + "argument 'first' with value 'x' is not a valid 'Int'\",\"extensions\":{\"classification\":"
                + "\"ValidationError\"}}]}"));
        assertNull(kind("/user/register", 400, "{\"title\":\"Constraint Violation\",\"status\":400,\"violations\":"
                + "[{\"field\":\"register.request.email\",\"message\":\"must be an e-mail address\"}]}"));
        assertNull(kind("/user/me", 401, ""));
    }
}
