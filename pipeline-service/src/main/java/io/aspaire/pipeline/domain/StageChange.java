package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One entry of an application's timeline; the first entry has no {@code fromStage}. */
@Entity
@Table(name = "stage_history")
public class StageChange extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "application_id", nullable = false)
    public UUID applicationId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_stage")
    public Stage fromStage;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_stage", nullable = false)
    public Stage toStage;
    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;
    public String comment;
}
