package io.aspaire.pipeline.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.aspaire.pipeline.domain.JobApplication;
import io.aspaire.pipeline.domain.JobNote;
import io.aspaire.pipeline.domain.StoredTime;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Notes on a user's applications, addressed by job id (a user has at most one application per job). Adding, editing
 * and deleting a note each writes its event (NoteAdded, NoteUpdated, NoteRemoved on aspaire.applications.v1, keyed by
 * the application) through the outbox in the same transaction, so the user's other devices hear of it
 * ({@code applicationChanged}). Notes deleted with their application or account emit nothing of their own: the
 * ApplicationRemoved / UserDeleted event covers them.
 */
@ApplicationScoped
public class NoteService {

    private final Outbox outbox;

    public NoteService(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * The notes on the user's application for a job, oldest first; NOT_FOUND when the job is not in the pipeline.
     * One statement in the usual case: a note carries its user and job, so the application is only looked up when the
     * page is empty (to tell "no notes" from "not in the pipeline"); every round trip holds a pooled connection.
     */
    @WithSession
    public Uni<List<JobNote>> list(UUID userId, UUID jobId, PageRequest page) {
        return JobNote.<JobNote> find("userId = ?1 and jobId = ?2 order by createdAt, id", userId, jobId)
                .range(page.offset(), page.offset() + page.size() - 1).list()
                .chain(notes -> !notes.isEmpty() ? Uni.createFrom().item(notes)
                        : JobApplication.count("userId = ?1 and jobId = ?2", userId, jobId)
                                .map(found -> {
                                    if (found == 0) {
                                        throw ApplicationService.notInPipeline(jobId);
                                    }
                                    return notes;
                                }));
    }

    /** {@code content}: checked by the API (1 to 5000 characters, trimmed). */
    @WithTransaction
    public Uni<JobNote> add(UUID userId, UUID jobId, String content) {
        return ApplicationService.requireInPipeline(userId, jobId).chain(app -> {
            JobNote note = new JobNote();
            note.id = UUID.randomUUID();
            note.applicationId = app.id;
            note.userId = userId;
            note.jobId = jobId;
            note.content = content;
            note.createdAt = StoredTime.now();
            note.updatedAt = note.createdAt;
            return note.<JobNote> persist()
                    .call(() -> outbox.publish(Topics.APPLICATIONS, Events.NOTE_ADDED, note.applicationId.toString(),
                            new Events.NoteAdded(note.id.toString(), note.applicationId.toString(),
                                    note.userId.toString(), note.jobId.toString(), note.content,
                                    note.createdAt.toInstant().toString())));
        });
    }

    /** One note as it is now, or {@code null} when it is gone; callers check whose it is. */
    @WithSession
    public Uni<JobNote> find(UUID noteId) {
        return JobNote.findById(noteId);
    }

    @WithTransaction
    public Uni<JobNote> edit(UUID noteId, OwnerCheck owner, String content) {
        return JobNote.<JobNote> findById(noteId, LockModeType.PESSIMISTIC_WRITE)
                .map(note -> owned(note, owner, noteId))
                .invoke(note -> {
                    note.content = content;
                    note.updatedAt = StoredTime.now();
                })
                .call(note -> outbox.publish(Topics.APPLICATIONS, Events.NOTE_UPDATED, note.applicationId.toString(),
                        new Events.NoteUpdated(note.id.toString(), note.applicationId.toString(),
                                note.userId.toString(), note.jobId.toString(), note.content,
                                note.updatedAt.toInstant().toString())));
    }

    @WithTransaction
    public Uni<Boolean> delete(UUID noteId, OwnerCheck owner) {
        return JobNote.<JobNote> findById(noteId, LockModeType.PESSIMISTIC_WRITE)
                .map(note -> owned(note, owner, noteId))
                // a delete statement: the entity delete fails under concurrency (see ApplicationService.remove)
                .call(note -> JobNote.delete("id", note.id))
                .call(note -> outbox.publish(Topics.APPLICATIONS, Events.NOTE_REMOVED, note.applicationId.toString(),
                        new Events.NoteRemoved(note.id.toString(), note.applicationId.toString(),
                                note.userId.toString(), note.jobId.toString(), StoredTime.now().toInstant().toString())))
                .replaceWith(true);
    }

    private static JobNote owned(JobNote note, OwnerCheck owner, UUID noteId) {
        if (note == null) {
            throw new NotFoundException("note " + noteId + " not found");
        }
        owner.require(note.userId, "note " + noteId);
        return note;
    }
}
