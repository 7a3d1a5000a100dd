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

/** A resume: its plain text (extracted from an upload or pasted) and, for uploads, what the file was. */
@Entity
@Table(name = "resumes")
public class ResumeEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String title;
    @Enumerated(EnumType.STRING)
    public ResumeSource source;
    @Column(name = "original_file_name")
    public String originalFileName;
    @Column(name = "media_type")
    public String mediaType;
    @Column(name = "size_bytes")
    public Long sizeBytes;
    public String text;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
