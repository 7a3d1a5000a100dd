package io.aspaire.users.domain;

/**
 * What login and refresh return: a short-lived RS256 access token every service verifies, and an opaque refresh token
 * (single use: each refresh returns a new one and revokes the old).
 */
public record TokenResponse(
        String accessToken,
        String tokenType,
        long expiresIn,
        String refreshToken,
        long refreshExpiresIn,
        User user) {
}
