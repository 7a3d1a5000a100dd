package io.aspaire.users.domain;

import jakarta.validation.constraints.NotBlank;

/** POST /user/login. */
public record LoginRequest(
        @NotBlank(message = "is required") String email,
        @NotBlank(message = "is required") String password) {
}
