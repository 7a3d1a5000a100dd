package io.aspaire.users.domain;

/** How a user signs in: a password kept here (LOCAL) or an external identity provider. */
public enum AuthProvider {
    LOCAL, GITHUB, GOOGLE
}
