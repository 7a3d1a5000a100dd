package io.aspaire.pipeline.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.pipeline.domain.ApplicationPage;
import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.pipeline.domain.JobApplication;
import io.aspaire.pipeline.domain.JobSnapshot;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.domain.StageChange;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Applications and their stage history. Every change writes its history row and its event (through the outbox) in
 * the transaction of the change. Reads use a session of their own, so GraphQL can resolve sibling fields in parallel.
 */
@ApplicationScoped
public class ApplicationService {

    public static final int MAX_COMMENT = 1000;

    private final Outbox outbox;
    private final Mutiny.SessionFactory sessions;
    /**
     * A new application is the root of everything a user has here (notes, reminders and history hang off it and go
     * with it), so it is the write that must never happen for a deleted account.
     */
    @jakarta.inject.Inject
    DeletedAccounts deletedAccounts;

    public ApplicationService(Outbox outbox, Mutiny.SessionFactory sessions) {
        this.outbox = outbox;
        this.sessions = sessions;
    }

    /**
     * Creates the caller's application for a job, or moves it to {@code stage}. Repeating the same call changes
     * nothing; {@code stage == null} means SAVED for a new application and "leave as is" for an existing one.
     */
    public Uni<JobApplication> save(UUID userId, UUID jobId, Stage stage) {
        return Panache.withTransaction(() -> deletedAccounts.requireActive(userId).chain(() -> JobApplication
                .<JobApplication> find("userId = ?1 and jobId = ?2", userId, jobId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).<JobApplication> firstResult())
                .chain(existing -> {
                    if (existing == null) {
                        return create(userId, jobId, stage == null ? Stage.SAVED : stage);
                    }
                    if (stage == null || stage == existing.stage) {
                        return Uni.createFrom().item(existing);
                    }
                    return move(existing, stage, null);
                }))
                // two concurrent first saves of the same job: the loser hits the (user, job) unique key and retries,
                // finding the winner's row
                .onFailure(ApplicationService::isDuplicate).retry().atMost(2);
    }

    private Uni<JobApplication> create(UUID userId, UUID jobId, Stage stage) {
        JobApplication app = new JobApplication();
        app.id = UUID.randomUUID();
        app.userId = userId;
        app.jobId = jobId;
        app.stage = stage;
        app.createdAt = Inputs.now();
        app.updatedAt = app.createdAt;
        return JobSnapshot.lockJob(jobId)
                .chain(() -> JobSnapshot.<JobSnapshot> findById(jobId))
                .invoke(app::copySnapshot)
                .chain(() -> app.persistAndFlush())
                .chain(() -> history(app, null, stage, null).persist())
                .chain(() -> outbox.publish(Topics.APPLICATIONS, Events.APPLICATION_SAVED, app.id.toString(),
                        new Events.ApplicationSaved(app.id.toString(), userId.toString(), jobId.toString(),
                                stage.name(), app.createdAt.toInstant().toString())))
                .replaceWith(app);
    }

    /** Moves the caller's application; a move to its current stage is a no-op. */
    public Uni<JobApplication> move(UUID callerId, UUID applicationId, Stage to, String comment) {
        if (to == null) {
            throw new BadRequestException("stage is required");
        }
        String checkedComment = Inputs.text(comment, "comment", MAX_COMMENT, false);
        return Panache.withTransaction(() -> JobApplication.<JobApplication> findById(applicationId,
                LockModeType.PESSIMISTIC_WRITE)
                .map(app -> owned(app, callerId, applicationId))
                .chain(app -> app.stage == to ? Uni.createFrom().item(app) : move(app, to, checkedComment)));
    }

    private Uni<JobApplication> move(JobApplication app, Stage to, String comment) {
        Stage from = app.stage;
        checkTransition(from, to);
        app.stage = to;
        app.updatedAt = Inputs.now();
        return history(app, from, to, comment).persist()
                .chain(() -> outbox.publish(Topics.APPLICATIONS, Events.STAGE_CHANGED, app.id.toString(),
                        new Events.StageChanged(app.id.toString(), app.userId.toString(), app.jobId.toString(),
                                from.name(), to.name(), comment, app.updatedAt.toInstant().toString())))
                .replaceWith(app);
    }

    /** The one rule on moves: an offer is accepted, so ACCEPTED is reached from OFFER only. */
    static void checkTransition(Stage from, Stage to) {
        if (to == Stage.ACCEPTED && from != Stage.OFFER) {
            throw new BadRequestException("illegal move " + from + " -> ACCEPTED: only an OFFER can be accepted");
        }
    }

    public Uni<Boolean> remove(UUID callerId, UUID applicationId) {
        return Panache.withTransaction(() -> JobApplication.<JobApplication> findById(applicationId,
                LockModeType.PESSIMISTIC_WRITE)
                .map(app -> owned(app, callerId, applicationId))
                // history, notes and reminders go with it (on delete cascade). A delete statement, not the entity
                // delete: Hibernate Reactive's entity delete shares state across sessions and, under concurrent
                // deletes, fails with HR000069 (hibernate-reactive#1713, quarkus#41945)
                .call(app -> JobApplication.delete("id", app.id))
                .call(app -> outbox.publish(Topics.APPLICATIONS, Events.APPLICATION_REMOVED, app.id.toString(),
                        new Events.ApplicationRemoved(app.id.toString(), app.userId.toString(),
                                app.jobId.toString(), Inputs.now().toInstant().toString())))
                .replaceWith(true));
    }

    public Uni<JobApplication> get(UUID callerId, UUID applicationId) {
        return read(s -> s.find(JobApplication.class, applicationId))
                .map(app -> owned(app, callerId, applicationId));
    }

    public Uni<ApplicationPage> list(UUID userId, Stage stage, int page, int size) {
        Inputs.page(page, size);
        String where = "from JobApplication where userId = :user" + (stage == null ? "" : " and stage = :stage");
        return read(s -> {
            var items = s.createSelectionQuery(where + " order by updatedAt desc, id", JobApplication.class)
                    .setParameter("user", userId);
            var count = s.createSelectionQuery("select count(*) " + where, Long.class).setParameter("user", userId);
            if (stage != null) {
                items.setParameter("stage", stage);
                count.setParameter("stage", stage);
            }
            return items.setFirstResult(page * size).setMaxResults(size).getResultList()
                    .chain(list -> count.getSingleResult().map(total -> new ApplicationPage(
                            list.stream().map(ApplicationView::of).toList(), page, size, total.intValue())));
        });
    }

    /** The caller's applications among the given ones, in input order (null where not the caller's). */
    public Uni<List<JobApplication>> ownedByIds(UUID callerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return read(s -> s.createSelectionQuery("from JobApplication where id in :ids and userId = :user",
                JobApplication.class).setParameter("ids", ids).setParameter("user", callerId).getResultList())
                .map(found -> inOrder(ids, found, a -> a.id));
    }

    /** The caller's application for each job, in input order (null where the job is not in their pipeline). */
    public Uni<List<JobApplication>> forJobs(UUID callerId, List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return read(s -> s.createSelectionQuery("from JobApplication where jobId in :jobs and userId = :user",
                JobApplication.class).setParameter("jobs", jobIds).setParameter("user", callerId).getResultList())
                .map(found -> inOrder(jobIds, found, a -> a.jobId));
    }

    /** Timelines of several applications at once, each oldest first, in input order. */
    public Uni<List<List<StageChange>>> histories(List<UUID> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return read(s -> s.createSelectionQuery(
                "from StageChange where applicationId in :ids order by changedAt, id", StageChange.class)
                .setParameter("ids", applicationIds).getResultList())
                .map(rows -> {
                    Map<UUID, List<StageChange>> byApp = rows.stream()
                            .collect(Collectors.groupingBy(c -> c.applicationId));
                    return applicationIds.stream().map(id -> byApp.getOrDefault(id, List.of())).toList();
                });
    }

    /**
     * Finds the caller's application for a job inside the current transaction, or fails with 404, and holds a share
     * lock on it until the transaction ends, for writes that add a row under the application (a note, a reminder).
     * Without it a concurrent removeApplication could delete the application between this read and the child's
     * insert, and the insert would fail on the foreign key; with it the removal waits for the insert (and then
     * deletes the new row with the rest), or the removal came first and this read finds nothing (NOT_FOUND).
     */
    public static Uni<JobApplication> requireInPipeline(UUID callerId, UUID jobId) {
        return JobApplication.<JobApplication> find("userId = ?1 and jobId = ?2", callerId, jobId)
                .withLock(LockModeType.PESSIMISTIC_READ).firstResult()
                .onItem().ifNull().failWith(() -> new NotFoundException(
                        "job " + jobId + " is not in your pipeline: save it first (saveJob)"));
    }

    static JobApplication owned(JobApplication app, UUID callerId, UUID applicationId) {
        if (app == null) {
            throw new NotFoundException("application " + applicationId + " not found");
        }
        if (!app.userId.equals(callerId)) {
            throw new ForbiddenException("application " + applicationId + " belongs to another user");
        }
        return app;
    }

    private static StageChange history(JobApplication app, Stage from, Stage to, String comment) {
        StageChange change = new StageChange();
        change.id = UUID.randomUUID();
        change.applicationId = app.id;
        change.userId = app.userId;
        change.fromStage = from;
        change.toStage = to;
        change.changedAt = app.updatedAt;
        change.comment = comment;
        return change;
    }

    private <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.openSession().chain(s -> work.apply(s).eventually(s::close));
    }

    static <K, T> List<T> inOrder(List<K> keys, List<T> found, Function<T, K> key) {
        Map<K, T> byKey = found.stream().collect(Collectors.toMap(key, t -> t, (a, b) -> a));
        return keys.stream().map(byKey::get).toList();
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("job_applications_user_job")) {
                return true;
            }
        }
        return false;
    }
}
