package io.aspaire.users.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.Http;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Odd but ordinary requests (issue 10 #11): each gets a 4xx with the suite's JSON error body, never a 500. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class HttpEdgeCasesTest {

    @Test
    void refreshAndLogoutWithoutABodyAre400() {
        for (String path : new String[] { "/user/refresh", "/user/logout" }) {
            given().contentType(ContentType.JSON).post(path).then().statusCode(400)
                    .body("code", equalTo("BAD_REQUEST")).body("message", containsString("refreshToken"));
            given().contentType(ContentType.JSON).body("null").post(path).then().statusCode(400)
                    .body("code", equalTo("BAD_REQUEST")).body("message", containsString("refreshToken"));
            given().contentType(ContentType.JSON).body("{}").post(path).then().statusCode(400)
                    .body("message", containsString("refreshToken"));
        }
    }

    @Test
    void aTruncatedMultipartBodyIs400() {
        Api.Session user = Api.newUser("truncated");
        byte[] whole = Http.multipart("cv.md", "# Jane Doe\nJava, Kafka".repeat(100).getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(whole, whole.length - 40); // the closing boundary is missing
        HttpResponse<String> response = Http.send(Http.request("/resumes", user.accessToken())
                .header("Content-Type", Http.MULTIPART).POST(HttpRequest.BodyPublishers.ofByteArray(cut)).build());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"BAD_REQUEST\""), response.body());
        HttpResponse<String> noParts = Http.send(Http.request("/resumes", user.accessToken())
                .header("Content-Type", Http.MULTIPART).POST(HttpRequest.BodyPublishers.ofString("--")).build());
        assertEquals(400, noParts.statusCode(), noParts.body());
    }

    @Test
    void aFileNameLongerThanItsColumnIs400() {
        Api.Session user = Api.newUser("longname");
        byte[] body = Http.multipart("a".repeat(10_000) + ".md", "# Jane Doe\nJava".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = Http.send(Http.request("/resumes", user.accessToken())
                .header("Content-Type", Http.MULTIPART).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("file.filename: must be at most 255 characters"), response.body());
    }

    @Test
    void aTitlePartOfAHundredKilobytesIs400FromTheService() {
        Api.Session user = Api.newUser("longtitle");
        String body = "--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "t".repeat(100_000) + "\r\n--" + Http.BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv.md\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n# Jane Doe\nJava\r\n--" + Http.BOUNDARY + "--\r\n";
        for (int i = 0; i < 2; i++) { // the same client again: the connection it used must still be answered
            HttpResponse<String> response = Http.send(Http.request("/resumes", user.accessToken())
                    .header("Content-Type", Http.MULTIPART).POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains("title: must be at most 200 characters"), response.body());
        }
    }

    @Test
    void anUploadAboveTheHttpLimitIs413WithAJsonBody() {
        Api.Session user = Api.newUser("huge");
        byte[] body = Http.multipart("big.txt", new byte[7 * 1024 * 1024]);
        HttpResponse<String> response = Http.send(Http.request("/resumes", user.accessToken())
                .header("Content-Type", Http.MULTIPART).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), "JSON error body: " + response.body());
    }

    @Test
    void a401HasTheErrorBody() {
        given().get("/resumes").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer not-a-token").get("/user/me").then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }
}
