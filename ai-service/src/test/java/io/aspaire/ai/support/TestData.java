package io.aspaire.ai.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.localstack.TestJwt;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Seeds read models directly (the Kafka path is covered by ReadModelTest) and calls the GraphQL endpoint. */
public final class TestData {

    private TestData() {
    }

    public static JobDoc job(ReadModels readModels, String title, String company, String description) throws Throwable {
        JobDoc job = new JobDoc();
        job.id = UUID.randomUUID().toString();
        job.title = title;
        job.company = company;
        job.location = "Berlin";
        job.remote = "HYBRID";
        job.jobType = "FULL_TIME";
        job.description = description;
        job.tags = List.of("java");
        VertxContextSupport.subscribeAndAwait(() -> readModels.upsertJob(job));
        return job;
    }

    public static ResumeDoc resume(ReadModels readModels, UUID userId, String text) throws Throwable {
        ResumeDoc resume = new ResumeDoc();
        resume.id = UUID.randomUUID().toString();
        resume.userId = userId.toString();
        resume.title = "CV";
        resume.isDefault = true;
        resume.text = text;
        resume.updatedAt = "2026-01-01T00:00:00Z";
        VertxContextSupport.subscribeAndAwait(() -> readModels.upsertResume(resume));
        return resume;
    }

    /** Runs a reactive MongoDB operation on a Vert.x context and waits (usable inside Awaitility lambdas). */
    public static <T> T mongo(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> operation) {
        try {
            return VertxContextSupport.subscribeAndAwait(operation);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static ValidatableResponse graphql(UUID user, String query, Map<String, Object> variables) {
        var request = given().contentType(ContentType.JSON);
        if (user != null) {
            request = request.header("Authorization", "Bearer " + TestJwt.forUser(user));
        }
        return request.body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200);
    }
}
