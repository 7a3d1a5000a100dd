package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/**
 * The GraphQL {@code Application} entity (owned here). {@code job} is the job-service entity by reference, so the
 * gateway can join the listing; the snapshot fields let the pipeline read well on its own.
 */
@Name("Application")
@Key(fields = @FieldSet("id"))
@Description("A job in a user's pipeline")
public record ApplicationView(
        @Id @NonNull String id,
        @Id @NonNull String userId,
        @Id @NonNull String jobId,
        @NonNull Stage stage,
        @Description("The job (owned by job-service), joined by the gateway") @NonNull JobRef job,
        @Description("Job title as last seen in aspaire.jobs.v1 (null until the job's event arrived)") String jobTitle,
        String company,
        String location,
        String applyUrl,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {

    /** A row of a list query ({@code select new}): the job is referenced by its key. */
    public ApplicationView(UUID id, UUID userId, UUID jobId, Stage stage, String jobTitle, String company,
            String location, String applyUrl, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        this(id.toString(), userId.toString(), jobId.toString(), stage, new JobRef(jobId.toString()), jobTitle, company,
                location, applyUrl, createdAt, updatedAt);
    }

    public static ApplicationView of(JobApplication a) {
        return new ApplicationView(a.id.toString(), a.userId.toString(), a.jobId.toString(), a.stage,
                new JobRef(a.jobId.toString()), a.jobTitle, a.company, a.location, a.applyUrl, a.createdAt,
                a.updatedAt);
    }
}
