package io.aspaire.pipeline.messaging.in;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.pipeline.domain.JobSnapshot;
import io.aspaire.pipeline.service.Inputs;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.CloudEvent;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Keeps job snapshots from aspaire.jobs.v1: JobIngested/JobUpdated upsert the snapshot and refresh the applications
 * of that job, so the pipeline reads well without job-service. Applied once per event (inbox).
 */
@ApplicationScoped
public class JobEventsConsumer {

    static final String CONSUMER = "pipeline-service";

    private final Inbox inbox;
    private final EventCodec codec;

    public JobEventsConsumer(Inbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("jobs-in")
    public Uni<Void> onJobEvent(String value) {
        return inbox.consume(CONSUMER, value, event -> switch (event.type()) {
            case Events.JOB_INGESTED, Events.JOB_UPDATED -> snapshot(event);
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    private Uni<?> snapshot(CloudEvent event) {
        Events.JobData job = codec.fromData(event, Events.JobData.class);
        UUID jobId;
        try {
            jobId = UUID.fromString(String.valueOf(job.jobId()));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("event " + event.id() + " has no valid jobId");
        }
        OffsetDateTime now = Inputs.now();
        return JobSnapshot.lockJob(jobId)
                .chain(Panache::getSession)
                .chain(s -> s.createNativeQuery("""
                        insert into job_snapshots (job_id, title, company, location, apply_url, updated_at)
                        values (:id, :title, :company, :location, :url, :at)
                        on conflict (job_id) do update set title = excluded.title, company = excluded.company,
                            location = excluded.location, apply_url = excluded.apply_url,
                            updated_at = excluded.updated_at""")
                        .setParameter("id", jobId)
                        .setParameter("title", cut(job.title()))
                        .setParameter("company", cut(job.company()))
                        .setParameter("location", cut(job.location()))
                        .setParameter("url", cut(job.applyUrl()))
                        .setParameter("at", now)
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("""
                                update job_applications set job_title = :title, company = :company,
                                    location = :location, apply_url = :url
                                where job_id = :id""")
                                .setParameter("id", jobId)
                                .setParameter("title", cut(job.title()))
                                .setParameter("company", cut(job.company()))
                                .setParameter("location", cut(job.location()))
                                .setParameter("url", cut(job.applyUrl()))
                                .executeUpdate()));
    }

    private static String cut(String value) {
        return value == null || value.length() <= 500 ? value : value.substring(0, 500);
    }
}
