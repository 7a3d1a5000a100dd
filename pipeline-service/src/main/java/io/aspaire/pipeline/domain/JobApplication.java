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

/** A job in a user's pipeline, with the job snapshot copied in so it reads well without job-service. */
@Entity
@Table(name = "job_applications")
public class JobApplication extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(name = "job_id", nullable = false)
    public UUID jobId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;
    @Column(name = "job_title")
    public String jobTitle;
    public String company;
    public String location;
    @Column(name = "apply_url")
    public String applyUrl;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public void copySnapshot(JobSnapshot snapshot) {
        if (snapshot != null) {
            jobTitle = snapshot.title;
            company = snapshot.company;
            location = snapshot.location;
            applyUrl = snapshot.applyUrl;
        }
    }
}
