package io.aspaire.users.domain;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/** PUT /user/me: fields left null keep their value. */
public record ProfileUpdate(
        @Email(message = "must be an e-mail address") @Size(max = 320) String email,
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters") String displayName) {
}
