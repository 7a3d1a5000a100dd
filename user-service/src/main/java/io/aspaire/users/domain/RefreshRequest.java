package io.aspaire.users.domain;

import jakarta.validation.constraints.NotBlank;

/** POST /user/refresh and /user/logout: the opaque refresh token from the last login or refresh. */
public record RefreshRequest(@NotBlank(message = "is required") String refreshToken) {
}
