package io.aspaire.users.domain;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One way a user can sign in: (provider, subject) -> user. LOCAL identities use the user id as subject. */
@Entity
@Table(name = "user_identities")
@IdClass(UserIdentityEntity.Key.class)
public class UserIdentityEntity extends PanacheEntityBase {

    @Id
    @Enumerated(EnumType.STRING)
    public AuthProvider provider;
    @Id
    public String subject;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public static class Key implements Serializable {
        public AuthProvider provider;
        public String subject;

        public Key() {
        }

        public Key(AuthProvider provider, String subject) {
            this.provider = provider;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.provider == provider && Objects.equals(k.subject, subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(provider, subject);
        }
    }
}
