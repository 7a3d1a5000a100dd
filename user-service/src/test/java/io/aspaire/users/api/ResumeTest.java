package io.aspaire.users.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.Documents;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Resume upload (real PDF and DOCX made here), paste, edit, default handling, delete, and every bad upload. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
public class ResumeTest {

    @Test
    void pdfUploadYieldsItsText() {
        Api.Session user = Api.newUser("pdf");
        String id = user.auth()
                .multiPart("file", "jane-doe.pdf",
                        Documents.pdf("Jane Doe", "Senior Java Engineer", "Skills: Quarkus, Kafka, PostgreSQL"),
                        "application/pdf")
                .post("/resumes")
                .then().statusCode(201)
                .body("source", equalTo("UPLOAD"))
                .body("title", equalTo("jane-doe"))
                .body("originalFileName", equalTo("jane-doe.pdf"))
                .body("mediaType", equalTo("application/pdf"))
                .body("text", containsString("Senior Java Engineer"))
                .body("text", containsString("Skills: Quarkus, Kafka, PostgreSQL"))
                .body("isDefault", equalTo(true))
                .extract().path("id");
        user.auth().get("/resumes/" + id).then().statusCode(200).body("text", containsString("Jane Doe"));
    }

    @Test
    void docxUploadYieldsItsTextAndTheDeclaredTypeDoesNotMatter() {
        Api.Session user = Api.newUser("docx");
        user.auth()
                .multiPart("file", "cv.docx", Documents.docx("John Roe", "Data engineer at Example Corp",
                        "Python, Spark, Airflow"), "application/octet-stream")
                .multiPart("title", "My CV")
                .post("/resumes")
                .then().statusCode(201)
                .body("title", equalTo("My CV"))
                .body("mediaType", equalTo(
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .body("text", containsString("Data engineer at Example Corp"))
                .body("text", containsString("Python, Spark, Airflow"));
    }

    @Test
    void markdownUploadAndPasteWork() {
        Api.Session user = Api.newUser("text");
        user.auth().multiPart("file", "resume.md", "# Ann Lee\n\n* Go\n* Rust\n".getBytes(StandardCharsets.UTF_8),
                "text/markdown")
                .post("/resumes").then().statusCode(201)
                .body("mediaType", equalTo("text/markdown"))
                .body("text", containsString("# Ann Lee"));
        String pasted = user.auth().contentType(ContentType.JSON)
                .body(Map.of("title", "Pasted", "text", "  Ann Lee\r\nPlatform engineer  \n\n\n\nKubernetes "))
                .post("/resumes").then().statusCode(201)
                .body("source", equalTo("PASTE"))
                .body("text", equalTo("Ann Lee\nPlatform engineer\n\nKubernetes"))
                .body("isDefault", equalTo(false))
                .body("originalFileName", nullValue())
                .extract().path("id");
        user.auth().get("/resumes?page=0&size=1").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(pasted))
                .body("items[0].text", nullValue());
        user.auth().get("/resumes?size=1000").then().statusCode(400).body("message", containsString("size"));
        user.auth().contentType(ContentType.JSON).body(Map.of("title", "empty", "text", "   "))
                .post("/resumes").then().statusCode(400).body("code", equalTo("BAD_REQUEST"));
    }

    @Test
    void editSetDefaultAndDelete() {
        Api.Session user = Api.newUser("edit");
        String first = paste(user, "First", "first resume text");
        String second = paste(user, "Second", "second resume text");
        user.auth().contentType(ContentType.JSON).body(Map.of("title", "Second, edited", "text", "better text"))
                .put("/resumes/" + second).then().statusCode(200)
                .body("title", equalTo("Second, edited")).body("text", equalTo("better text"));
        user.auth().post("/resumes/" + second + "/default").then().statusCode(200).body("isDefault", equalTo(true));
        user.auth().get("/resumes/" + first).then().body("isDefault", equalTo(false));

        // deleting the default promotes the newest remaining resume
        user.auth().delete("/resumes/" + second).then().statusCode(204);
        user.auth().get("/resumes/" + second).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        user.auth().get("/resumes/" + first).then().statusCode(200).body("isDefault", equalTo(true));
        user.auth().get("/resumes/not-a-uuid").then().statusCode(400).body("message", containsString("UUID"));
        user.auth().contentType(ContentType.JSON).body(Map.of("title", " "))
                .put("/resumes/" + first).then().statusCode(400);
    }

    @Test
    void badUploadsGetClear4xx() {
        Api.Session user = Api.newUser("bad");
        user.auth().multiPart("file", "empty.pdf", new byte[0], "application/pdf")
                .post("/resumes").then().statusCode(400).body("message", containsString("empty"));
        user.auth().multiPart("file", "photo.pdf", Documents.png(), "application/pdf")
                .post("/resumes").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("message", containsString("PNG"));
        user.auth().multiPart("file", "scan.pdf", Documents.blankPdf(), "application/pdf")
                .post("/resumes").then().statusCode(422)
                .body("code", equalTo("UNPROCESSABLE_CONTENT"))
                .body("message", containsString("no extractable text"));
        user.auth().multiPart("file", "broken.pdf", "%PDF-1.7\nthis is not really a pdf".getBytes(), "application/pdf")
                .post("/resumes").then().statusCode(422).body("message", containsString("cannot be read"));
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        user.auth().multiPart("file", "huge.txt", big, "text/plain")
                .post("/resumes").then().statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("message", containsString("5 MB"));
        user.auth().multiPart("title", "no file")
                .post("/resumes").then().statusCode(400).body("message", containsString("file"));
        user.auth().contentType("image/png").body(Documents.png())
                .post("/resumes").then().statusCode(415);
        // nothing of the above was stored
        user.auth().get("/resumes").then().statusCode(200).body("total", equalTo(0))
                .body("items", not(nullValue()));
    }

    public static String paste(Api.Session user, String title, String text) {
        return user.auth().contentType(ContentType.JSON).body(Map.of("title", title, "text", text))
                .post("/resumes").then().statusCode(201).extract().path("id");
    }
}
