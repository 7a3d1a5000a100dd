package io.aspaire.users.domain;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /user/register. bcrypt reads at most 72 bytes, hence the password's upper bound. */
public record RegisterRequest(
        @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320) String email,
        @NotBlank(message = "is required") @Size(min = 8, max = 72, message = "must be 8 to 72 characters") String password,
        @Size(max = 200, message = "must be at most 200 characters") String displayName) {
}
