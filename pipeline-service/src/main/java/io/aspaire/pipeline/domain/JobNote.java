package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's note on one of their applications. */
@Entity
@Table(name = "job_notes")
public class JobNote extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "application_id", nullable = false)
    public UUID applicationId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(name = "job_id", nullable = false)
    public UUID jobId;
    @Column(nullable = false)
    public String content;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
