package io.aspaire.pipeline.model;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The latest known content of a job, from aspaire.jobs.v1; pipeline-owned so it outlives the listing. */
@Entity
@Table(name = "job_snapshots")
public class JobSnapshot extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;
    public String title;
    public String company;
    public String location;
    @Column(name = "apply_url")
    public String applyUrl;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
