package io.aspaire.pipeline.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.domain.JobApplication;
import io.aspaire.pipeline.domain.JobSnapshot;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.domain.StageChange;
import io.aspaire.pipeline.domain.StoredTime;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applications and their stage history. Every change writes its history row and its event (through the outbox) in
 * the transaction of the change. Reads run in a session of their own ({@code @WithSession}; the API calls each
 * GraphQL fetcher on its own context, so sibling fields never share a session); the page of a user's pipeline in a
 * stateless session of its own ({@link #list}).
 */
@ApplicationScoped
public class ApplicationService {

    private final Outbox outbox;
    /**
     * A new application is the root of everything a user has here (notes, reminders and history hang off it and go
     * with it), so it is the write that must never happen for a deleted account.
     */
    private final DeletedAccounts deletedAccounts;
    /** For the list read's stateless session ({@link #list}). */
    private final Mutiny.SessionFactory sessions;

    public ApplicationService(Outbox outbox, DeletedAccounts deletedAccounts, Mutiny.SessionFactory sessions) {
        this.outbox = outbox;
        this.deletedAccounts = deletedAccounts;
        this.sessions = sessions;
    }

    /**
     * Creates the user's application for a job, or moves it to {@code stage}. Repeating the same call changes
     * nothing; {@code stage == null} means SAVED for a new application and "leave as is" for an existing one.
     */
    public Uni<JobApplication> save(UUID userId, UUID jobId, Stage stage) {
        // a transaction per attempt (not @WithTransaction): a retry needs a fresh session, not the failed one
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
        app.createdAt = StoredTime.now();
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

    /** Moves an application (its owner checked on the locked row); a move to its current stage is a no-op. */
    @WithTransaction
    public Uni<JobApplication> move(UUID applicationId, OwnerCheck owner, Stage to, String comment) {
        return JobApplication.<JobApplication> findById(applicationId, LockModeType.PESSIMISTIC_WRITE)
                .map(app -> owned(app, owner, applicationId))
                .chain(app -> app.stage == to ? Uni.createFrom().item(app) : move(app, to, comment));
    }

    private Uni<JobApplication> move(JobApplication app, Stage to, String comment) {
        Stage from = app.stage;
        checkTransition(from, to);
        app.stage = to;
        app.updatedAt = StoredTime.now();
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

    @WithTransaction
    public Uni<Boolean> remove(UUID applicationId, OwnerCheck owner) {
        return JobApplication.<JobApplication> findById(applicationId, LockModeType.PESSIMISTIC_WRITE)
                .map(app -> owned(app, owner, applicationId))
                // history, notes and reminders go with it (on delete cascade). A delete statement, not the entity
                // delete: Hibernate Reactive's entity delete shares state across sessions and, under concurrent
                // deletes, fails with HR000069 (hibernate-reactive#1713, quarkus#41945)
                .call(app -> JobApplication.delete("id", app.id))
                .call(app -> outbox.publish(Topics.APPLICATIONS, Events.APPLICATION_REMOVED, app.id.toString(),
                        new Events.ApplicationRemoved(app.id.toString(), app.userId.toString(),
                                app.jobId.toString(), StoredTime.now().toInstant().toString())))
                .replaceWith(true);
    }

    /** One application, or NOT_FOUND; the API checks whose it is. */
    @WithSession
    public Uni<JobApplication> get(UUID applicationId) {
        return JobApplication.<JobApplication> findById(applicationId)
                .onItem().ifNull().failWith(() -> new NotFoundException("application " + applicationId + " not found"));
    }

    /**
     * One page of a user's applications, newest change first, read as views (a projection: no managed entities for a
     * list that is only shown). {@code withTotal}: also count them, in the same statement ({@code count(*) over ()}):
     * a second statement would hold the connection for one more round trip, and under load every round trip waits
     * behind the event loop's other work (bench/results/findings.md, "pipeline-service queueing"). Only a page past
     * the end (no row to carry the count) needs the separate count.
     * <p>
     * In a stateless session, not Panache's {@code @WithSession} one: the rows are views, so a persistence context,
     * the session's action queue and its flush checks on close, and Panache's interceptor are work for nothing on
     * pipeline-service's most frequent read (bench/results/findings.md, "subgraph data path (session 8)"). Like
     * Panache's, Hibernate Reactive keeps it in the Vert.x context for the call, which the API's SessionPerFetcher
     * makes this fetcher's own.
     */
    public Uni<Page> list(UUID userId, Stage stage, PageRequest page, boolean withTotal) {
        return sessions.withStatelessSession(s -> list(s, userId, stage, page, withTotal));
    }

    private static Uni<Page> list(Mutiny.StatelessSession s, UUID userId, Stage stage, PageRequest page,
            boolean withTotal) {
        String where = " from JobApplication a where a.userId = :user" + (stage == null ? "" : " and a.stage = :stage");
        String columns = "a.id, a.userId, a.jobId, a.stage, a.jobTitle, a.company, a.location, a.applyUrl, a.createdAt,"
                + " a.updatedAt";
        String order = " order by a.updatedAt desc, a.id";
        if (!withTotal) {
            var items = s.createSelectionQuery("select new " + ApplicationView.class.getName() + "(" + columns + ")"
                    + where + order, ApplicationView.class).setParameter("user", userId);
            if (stage != null) {
                items.setParameter("stage", stage);
            }
            return items.setFirstResult(page.offset()).setMaxResults(page.size()).getResultList()
                    .map(list -> new Page(list, null));
        }
        var counted = s.createSelectionQuery("select " + columns + ", count(*) over ()" + where + order,
                Object[].class).setParameter("user", userId);
        if (stage != null) {
            counted.setParameter("stage", stage);
        }
        return counted.setFirstResult(page.offset()).setMaxResults(page.size()).getResultList().chain(rows -> {
            List<ApplicationView> list = rows.stream().map(ApplicationService::view).toList();
            if (!rows.isEmpty()) {
                return Uni.createFrom().item(new Page(list, ((Number) rows.get(0)[10]).intValue()));
            }
            if (page.offset() == 0) {
                return Uni.createFrom().item(new Page(list, 0));
            }
            var count = s.createSelectionQuery("select count(*)" + where, Long.class).setParameter("user", userId);
            if (stage != null) {
                count.setParameter("stage", stage);
            }
            return count.getSingleResult().map(total -> new Page(list, total.intValue()));
        });
    }

    private static ApplicationView view(Object[] r) {
        return new ApplicationView((UUID) r[0], (UUID) r[1], (UUID) r[2], (Stage) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (OffsetDateTime) r[8], (OffsetDateTime) r[9]);
    }

    /** A page of views and, when it was asked for, the number of all matching applications. */
    public record Page(List<ApplicationView> items, Integer total) {
    }

    /** The user's applications among the given ids, in input order (null where not the user's). */
    @WithSession
    public Uni<List<JobApplication>> ownedByIds(UUID userId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return JobApplication.<JobApplication> list("id in ?1 and userId = ?2", ids, userId)
                .map(found -> inOrder(ids, found, a -> a.id));
    }

    /** The user's application for each job, in input order (null where the job is not in their pipeline). */
    @WithSession
    public Uni<List<JobApplication>> forJobs(UUID userId, List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return JobApplication.<JobApplication> list("jobId in ?1 and userId = ?2", jobIds, userId)
                .map(found -> inOrder(jobIds, found, a -> a.jobId));
    }

    /** Timelines of several applications at once (one statement), each oldest first, in input order. */
    @WithSession
    public Uni<List<List<StageChange>>> histories(List<UUID> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return StageChange.<StageChange> list("applicationId in ?1 order by changedAt, id", applicationIds)
                .map(rows -> {
                    Map<UUID, List<StageChange>> byApp = rows.stream()
                            .collect(Collectors.groupingBy(c -> c.applicationId));
                    return applicationIds.stream().map(id -> byApp.getOrDefault(id, List.of())).toList();
                });
    }

    /**
     * Finds the user's application for a job inside the current transaction, or fails with 404, and holds a share
     * lock on it until the transaction ends, for writes that add a row under the application (a note, a reminder).
     * Without it a concurrent removeApplication could delete the application between this read and the child's
     * insert, and the insert would fail on the foreign key; with it the removal waits for the insert (and then
     * deletes the new row with the rest), or the removal came first and this read finds nothing (NOT_FOUND).
     */
    public static Uni<JobApplication> requireInPipeline(UUID userId, UUID jobId) {
        return JobApplication.<JobApplication> find("userId = ?1 and jobId = ?2", userId, jobId)
                .withLock(LockModeType.PESSIMISTIC_READ).firstResult()
                .onItem().ifNull().failWith(() -> notInPipeline(jobId));
    }

    static NotFoundException notInPipeline(UUID jobId) {
        return new NotFoundException("job " + jobId + " is not in your pipeline: save it first (saveJob)");
    }

    private static JobApplication owned(JobApplication app, OwnerCheck owner, UUID applicationId) {
        if (app == null) {
            throw new NotFoundException("application " + applicationId + " not found");
        }
        owner.require(app.userId, "application " + applicationId);
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
