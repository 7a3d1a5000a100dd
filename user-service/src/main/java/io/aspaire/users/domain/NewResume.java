package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Input;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A pasted resume: POST /resumes (JSON) and GraphQL createResume. */
@Input("NewResumeInput")
public record NewResume(
        @Size(max = 200, message = "must be at most 200 characters") String title,
        @NotBlank(message = "must not be empty") @Size(max = 200_000, message = "must be at most 200000 characters") String text) {
}
