package io.aspaire.jobs.domain;

import io.aspaire.jobs.messaging.out.IngestionCompleted;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A record of one ingestion run; {@code report} is the IngestionCompleted payload as JSON. */
@Entity
@Table(name = "ingestion_runs")
public class IngestionRun extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String status;
    public String report;
}
