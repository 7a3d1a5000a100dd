package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Input;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;

/** GraphQL createUser: an identity from an external provider (GITHUB, GOOGLE), with a verified e-mail. */
@Description("An external identity to create a user for, or to link to the user with the same (verified) e-mail.")
@Input("CreateUserInput")
public record CreateUserInput(
        @NotNull(message = "is required") AuthProvider provider,
        @NotBlank(message = "is required") @Size(max = 255) String subject,
        @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320) String email,
        @Size(max = 200) String displayName) {
}
