package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

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

    /**
     * Serialises, per job, "save an application and copy the snapshot" against "store a snapshot and copy it into the
     * job's applications" (a transaction-scoped advisory lock). Without it each can commit without seeing the other's
     * uncommitted row, and an application saved while its job's event is being applied keeps no title for good.
     */
    public static Uni<Void> lockJob(UUID jobId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(:job, 0))) as locked",
                        Integer.class)
                .setParameter("job", jobId.toString())
                .getSingleResult())
                .replaceWithVoid();
    }
}
