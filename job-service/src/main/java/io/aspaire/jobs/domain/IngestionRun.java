package io.aspaire.jobs.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A record of one ingestion run. {@code report} is the {@link IngestionReport} as JSON: the progress so far while
 * RUNNING (rewritten after every search), the IngestionCompleted payload once COMPLETED.
 */
@Entity
@Table(name = "ingestion_runs")
public class IngestionRun extends PanacheEntityBase {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

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
