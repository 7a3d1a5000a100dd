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

/** A reminder on an application; PENDING until the scheduler fires it (once) or the user cancels it. */
@Entity
@Table(name = "reminders")
public class Reminder extends PanacheEntityBase {

    @org.eclipse.microprofile.graphql.Name("ReminderStatus")
    public enum Status {
        PENDING, FIRED, CANCELLED
    }

    @Id
    public UUID id;
    @Column(name = "application_id", nullable = false)
    public UUID applicationId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(name = "job_id", nullable = false)
    public UUID jobId;
    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;
    public String note;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "fired_at")
    public OffsetDateTime firedAt;
}
