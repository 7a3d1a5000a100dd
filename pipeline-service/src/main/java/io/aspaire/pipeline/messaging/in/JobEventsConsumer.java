package io.aspaire.pipeline.messaging.in;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.aspaire.pipeline.domain.JobSnapshot;
import io.aspaire.pipeline.domain.StoredTime;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Keeps job snapshots from aspaire.jobs.v1: JobIngested/JobUpdated upsert the snapshot and refresh the applications
 * of that job, so the pipeline reads well without job-service. Applied once per event (inbox); other types of the
 * topic (IngestionCompleted) are acknowledged and left alone.
 */
@ApplicationScoped
public class JobEventsConsumer {

    /** The inbox's consumer name (processed event ids), shared by this service's consumers. */
    public static final String CONSUMER = "pipeline-service";

    private final EventHandlers handlers;

    public JobEventsConsumer(Inbox inbox, EventCodec codec) {
        this.handlers = EventHandlers.builder(CONSUMER, inbox, codec)
                .on(JobEvent.INGESTED, JobEvent.class, this::snapshot)
                .on(JobEvent.UPDATED, JobEvent.class, this::snapshot)
                .build();
    }

    @Incoming("jobs-in")
    public Uni<Void> onJobEvent(String value) {
        return handlers.consume(value);
    }

    private Uni<?> snapshot(JobEvent job) {
        UUID jobId = EventHandlers.id(job.jobId(), "jobId");
        String title = cut(job.title());
        String company = cut(job.company());
        String location = cut(job.location());
        String url = cut(job.applyUrl());
        return JobSnapshot.lockJob(jobId)
                .chain(Panache::getSession)
                .chain(s -> s.createNativeQuery("""
                        insert into job_snapshots (job_id, title, company, location, apply_url, updated_at)
                        values (:id, :title, :company, :location, :url, :at)
                        on conflict (job_id) do update set title = excluded.title, company = excluded.company,
                            location = excluded.location, apply_url = excluded.apply_url,
                            updated_at = excluded.updated_at""")
                        .setParameter("id", jobId)
                        .setParameter("title", title)
                        .setParameter("company", company)
                        .setParameter("location", location)
                        .setParameter("url", url)
                        .setParameter("at", StoredTime.now())
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("""
                                update job_applications set job_title = :title, company = :company,
                                    location = :location, apply_url = :url
                                where job_id = :id""")
                                .setParameter("id", jobId)
                                .setParameter("title", title)
                                .setParameter("company", company)
                                .setParameter("location", location)
                                .setParameter("url", url)
                                .executeUpdate()));
    }

    private static String cut(String value) {
        return value == null || value.length() <= 500 ? value : value.substring(0, 500);
    }
}
