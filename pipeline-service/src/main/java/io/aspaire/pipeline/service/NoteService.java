package io.aspaire.pipeline.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.pipeline.domain.JobApplication;
import io.aspaire.pipeline.domain.JobNote;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Notes on the caller's applications, addressed by job id (the caller has at most one application per job). */
@ApplicationScoped
public class NoteService {

    private final Mutiny.SessionFactory sessions;
    private final int maxLength;

    public NoteService(Mutiny.SessionFactory sessions,
            @ConfigProperty(name = "aspaire.pipeline.note-max-length", defaultValue = "5000") int maxLength) {
        this.sessions = sessions;
        this.maxLength = maxLength;
    }

    public Uni<List<JobNote>> list(UUID callerId, UUID jobId, int page, int size) {
        Inputs.page(page, size);
        return sessions.openSession().chain(s -> s.createSelectionQuery(
                "from JobApplication where userId = :user and jobId = :job", JobApplication.class)
                .setParameter("user", callerId).setParameter("job", jobId).getSingleResultOrNull()
                .onItem().ifNull().failWith(() -> new NotFoundException(
                        "job " + jobId + " is not in your pipeline: save it first (saveJob)"))
                .chain(app -> s.createSelectionQuery(
                        "from JobNote where applicationId = :app order by createdAt, id", JobNote.class)
                        .setParameter("app", app.id)
                        .setFirstResult(page * size).setMaxResults(size).getResultList())
                .eventually(s::close));
    }

    public Uni<JobNote> add(UUID callerId, UUID jobId, String content) {
        String text = Inputs.text(content, "content", maxLength, true);
        return Panache.withTransaction(() -> ApplicationService.requireInPipeline(callerId, jobId)
                .chain(app -> {
                    JobNote note = new JobNote();
                    note.id = UUID.randomUUID();
                    note.applicationId = app.id;
                    note.userId = callerId;
                    note.jobId = jobId;
                    note.content = text;
                    note.createdAt = Inputs.now();
                    note.updatedAt = note.createdAt;
                    return note.<JobNote> persist();
                }));
    }

    public Uni<JobNote> edit(UUID callerId, UUID noteId, String content) {
        String text = Inputs.text(content, "content", maxLength, true);
        return Panache.withTransaction(() -> JobNote.<JobNote> findById(noteId, LockModeType.PESSIMISTIC_WRITE)
                .map(note -> owned(note, callerId, noteId))
                .invoke(note -> {
                    note.content = text;
                    note.updatedAt = Inputs.now();
                }));
    }

    public Uni<Boolean> delete(UUID callerId, UUID noteId) {
        return Panache.withTransaction(() -> JobNote.<JobNote> findById(noteId, LockModeType.PESSIMISTIC_WRITE)
                .map(note -> owned(note, callerId, noteId))
                // a delete statement: the entity delete fails under concurrency (see ApplicationService.remove)
                .call(note -> JobNote.delete("id", note.id))
                .replaceWith(true));
    }

    private static JobNote owned(JobNote note, UUID callerId, UUID noteId) {
        if (note == null) {
            throw new NotFoundException("note " + noteId + " not found");
        }
        if (!note.userId.equals(callerId)) {
            throw new ForbiddenException("note " + noteId + " belongs to another user");
        }
        return note;
    }
}
