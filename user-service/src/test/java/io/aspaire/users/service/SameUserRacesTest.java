package io.aspaire.users.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.Http;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * One user's requests racing each other (issue 10 #4): every answer is 2xx, 404 or 409, none hangs (10 s client
 * timeout), and the invariants hold afterwards: a resume is deleted once, a user has exactly one default resume.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SameUserRacesTest {

    private static final int N = 20;

    @Test
    void parallelDeletesOfOneResumeDeleteItOnce() {
        Api.Session user = Api.newUser("race-delete");
        String keep = paste(user, "keep");
        String target = paste(user, "target");
        makeDefault(user, target);
        List<HttpResponse<String>> responses = Http.parallel(N, i -> Http.request("/resumes/" + target,
                user.accessToken()).DELETE().build());
        Map<Integer, Integer> statuses = statuses(responses);
        assertEquals(Map.of(204, 1, 404, N - 1), statuses, "one delete, the others find nothing: " + statuses);
        JsonPath list = resumes(user);
        assertEquals(List.of(keep), list.getList("items.id"));
        assertEquals(List.of(true), list.getList("items.isDefault"), "the remaining resume became the default");
    }

    @Test
    void parallelDefaultChangesKeepExactlyOneDefault() {
        Api.Session user = Api.newUser("race-default");
        List<String> ids = List.of(paste(user, "a"), paste(user, "b"), paste(user, "c"), paste(user, "d"));
        List<HttpResponse<String>> responses = Http.parallel(N, i -> Http.request("/resumes/" + ids.get(i % 4)
                + "/default", user.accessToken()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(Map.of(200, N), statuses(responses));
        assertEquals(1, resumes(user).getList("items.isDefault").stream().filter(Boolean.TRUE::equals).count(),
                "exactly one default resume");
    }

    @Test
    void parallelFirstUploadsOfANewUserMakeOneDefault() {
        Api.Session user = Api.newUser("race-upload");
        List<HttpResponse<String>> responses = Http.parallel(N, i -> Http.request("/resumes", user.accessToken())
                .header("Content-Type", Http.MULTIPART)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Http.multipart("cv-" + i + ".md",
                        ("# Resume " + i + "\nJava").getBytes(StandardCharsets.UTF_8))))
                .build());
        assertEquals(Map.of(201, N), statuses(responses));
        JsonPath list = resumes(user);
        assertEquals(N, list.getInt("total"));
        assertEquals(1, list.getList("items.isDefault").stream().filter(Boolean.TRUE::equals).count(),
                "exactly one default resume");
    }

    @Test
    void mixedParallelWritesOfOneUserAllAnswer() {
        Api.Session user = Api.newUser("race-mixed");
        List<String> ids = List.of(paste(user, "a"), paste(user, "b"), paste(user, "c"));
        String prefs = "{\"jobTitles\":[\"Engineer\"],\"pageSize\":20}";
        List<HttpResponse<String>> responses = Http.parallel(N, i -> switch (i % 5) {
            case 0 -> Http.request("/resumes/" + ids.get(i % 3), user.accessToken()).DELETE().build();
            case 1 -> Http.request("/resumes/" + ids.get(i % 3) + "/default", user.accessToken())
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            case 2 -> Http.request("/preferences", user.accessToken()).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(prefs)).build();
            case 3 -> Http.request("/resumes", user.accessToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"pasted " + i + "\"}")).build();
            default -> Http.request("/resumes/" + ids.get(i % 3), user.accessToken()).header("Content-Type",
                    "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"t" + i + "\"}"))
                    .build();
        });
        for (HttpResponse<String> r : responses) {
            int s = r.statusCode();
            assertTrue(s / 100 == 2 || s == 404 || s == 409, s + " " + r.body());
        }
        JsonPath list = resumes(user);
        assertEquals(1, list.getList("items.isDefault").stream().filter(Boolean.TRUE::equals).count(),
                "exactly one default resume: " + list.prettify());
    }

    /** A token of a deleted account writes nothing and gets a 4xx, never a foreign-key 500. */
    @Test
    void writesWithTheTokenOfADeletedAccountAre4xx() {
        Api.Session user = Api.newUser("gone");
        user.auth().delete("/user/me").then().statusCode(204);
        int paste = user.auth().contentType(ContentType.JSON).body(Map.of("text", "Java"))
                .post("/resumes").statusCode();
        int upload = user.auth().multiPart("file", "cv.md", "# CV".getBytes(StandardCharsets.UTF_8), "text/markdown")
                .post("/resumes").statusCode();
        int preferences = user.auth().contentType(ContentType.JSON).body(Map.of("pageSize", 10))
                .put("/preferences").statusCode();
        assertEquals(List.of(401, 401, 401), List.of(paste, upload, preferences));
    }

    private static Map<Integer, Integer> statuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        responses.forEach(r -> counts.merge(r.statusCode(), 1, Integer::sum));
        responses.stream().filter(r -> r.statusCode() >= 500).findFirst()
                .ifPresent(r -> System.out.println("5xx body: " + r.body()));
        return counts;
    }

    private static String paste(Api.Session user, String title) {
        return user.auth().contentType(ContentType.JSON).body(Map.of("title", title, "text", "Resume " + title))
                .post("/resumes").then().statusCode(201).extract().path("id");
    }

    private static void makeDefault(Api.Session user, String id) {
        user.auth().post("/resumes/" + id + "/default").then().statusCode(200);
    }

    private static JsonPath resumes(Api.Session user) {
        return user.auth().get("/resumes?size=100").then().statusCode(200).extract().jsonPath();
    }
}
