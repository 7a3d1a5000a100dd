package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Input;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** PUT /resumes/{id} and updateResume: fields left null keep their value; isDefault=true makes it the default. */
@Input("ResumeUpdateInput")
public record ResumeUpdate(
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @Pattern(regexp = ".*\\S.*", message = "must not be blank") String title,
        @Size(min = 1, max = 200_000, message = "must be 1 to 200000 characters") @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String text,
        Boolean isDefault) {
}
