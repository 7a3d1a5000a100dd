package io.aspaire.users.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A user account. E-mails are stored lower-cased and are unique regardless of case. */
@Entity
@Table(name = "users")
public class UserEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String email;
    @Column(name = "display_name")
    public String displayName;
    @Enumerated(EnumType.STRING)
    @Column(name = "auth_provider")
    public AuthProvider authProvider;
    @Column(name = "provider_subject")
    public String providerSubject;
    /** bcrypt hash; null for accounts that sign in through an external provider. */
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static Uni<UserEntity> findByEmail(String email) {
        return find("lower(email) = ?1", normalizeEmail(email)).firstResult();
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
