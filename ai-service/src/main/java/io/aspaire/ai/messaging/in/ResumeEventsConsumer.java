package io.aspaire.ai.messaging.in;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.MatchService;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.InvalidEventException;
import io.aspaire.platform.events.EventCodec;
import io.aspaire.platform.inbox.EventHandlers;
import io.aspaire.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * aspaire.resumes.v1 -> the resumes read model, with each resume's embedding and skills (a deleted resume takes
 * them along, so it has no scores left). A ResumeSaved of a deleted account stores nothing, also when it
 * races the UserDeleted that arrives on another topic (checked before and after the upsert, see DeletedAccounts).
 */
@ApplicationScoped
public class ResumeEventsConsumer {

    static final String RESUME_SAVED = "ResumeSaved";
    static final String RESUME_DELETED = "ResumeDeleted";

    private final EventHandlers handlers;

    public ResumeEventsConsumer(Inbox inbox, EventCodec codec, ReadModels readModels,
            DeletedAccounts deletedAccounts, MatchService matching) {
        this.handlers = EventHandlers.builder(Consumers.NAME, inbox, codec)
                .on(RESUME_SAVED, ResumeSaved.class, data -> {
                    ResumeDoc doc = toDoc(data);
                    return deletedAccounts.applyUnlessDeleted(EventHandlers.id(doc.userId, "userId"),
                            () -> matching.prepareResume(doc).chain(readModels::upsertResume));
                })
                .on(RESUME_DELETED, ResumeDeleted.class, data -> readModels.deleteResume(required(data.resumeId())))
                .build();
    }

    @Incoming("resumes-in")
    public Uni<Void> onResumeEvent(String value) {
        return handlers.consume(value);
    }

    static ResumeDoc toDoc(ResumeSaved data) {
        ResumeDoc doc = new ResumeDoc();
        doc.id = required(data.resumeId());
        if (data.userId() == null) {
            throw new InvalidEventException("ResumeSaved without userId");
        }
        doc.userId = data.userId();
        doc.title = data.title();
        doc.isDefault = Boolean.TRUE.equals(data.isDefault());
        doc.text = data.text();
        doc.updatedAt = data.updatedAt();
        return doc;
    }

    private static String required(String resumeId) {
        if (resumeId == null || resumeId.isBlank()) {
            throw new InvalidEventException("resume event without resumeId");
        }
        return resumeId;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResumeSaved(String resumeId, String userId, String title, String source, Boolean isDefault,
            String text, String updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResumeDeleted(String resumeId, String userId) {
    }
}
