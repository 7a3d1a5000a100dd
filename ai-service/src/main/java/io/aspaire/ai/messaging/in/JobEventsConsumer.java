package io.aspaire.ai.messaging.in;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/** aspaire.jobs.v1 -> the jobs read model (JobIngested and JobUpdated carry the full listing). */
@ApplicationScoped
public class JobEventsConsumer {

    private final Inbox inbox;
    private final EventCodec codec;
    private final ReadModels readModels;

    public JobEventsConsumer(Inbox inbox, EventCodec codec, ReadModels readModels) {
        this.inbox = inbox;
        this.codec = codec;
        this.readModels = readModels;
    }

    @Incoming("jobs-in")
    public Uni<Void> onJobEvent(String value) {
        return inbox.consume("ai-service", value, event -> switch (event.type()) {
            case "JobIngested", "JobUpdated" -> readModels.upsertJob(toDoc(codec.fromData(event, JobData.class)));
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    static JobDoc toDoc(JobData data) {
        if (data.jobId() == null || data.jobId().isBlank()) {
            throw new InvalidEventException("job event without jobId");
        }
        JobDoc doc = new JobDoc();
        doc.id = data.jobId();
        doc.title = data.title();
        doc.company = data.company();
        doc.location = data.location();
        doc.remote = data.remote();
        doc.jobType = data.jobType();
        doc.description = data.description();
        doc.applyUrl = data.applyUrl();
        doc.postedAt = data.postedAt();
        doc.tags = data.tags() == null ? List.of() : data.tags();
        return doc;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobData(String jobId, String source, String externalId, String title, String company,
            String location, String remote, String jobType, String description, String applyUrl, String postedAt,
            List<String> tags) {
    }
}
