package io.aspaire.pipeline.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.pipeline.domain.StoredTime;
import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.platform.errors.ConflictException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/**
 * Reminders on applications. Firing is exactly-once in effect: due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers (replicas, overlapping runs) get disjoint rows, and each
 * claimed row gets its ReminderDue outbox row and its FIRED status in the one transaction that holds the lock.
 */
@ApplicationScoped
public class ReminderService {

    private final Outbox outbox;

    public ReminderService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** {@code due}: checked by the API (future, within the platform's bounds); {@code note}: trimmed, ≤ 500. */
    @WithTransaction
    public Uni<Reminder> set(UUID userId, UUID jobId, OffsetDateTime due, String note) {
        return ApplicationService.requireInPipeline(userId, jobId).chain(app -> {
            Reminder r = new Reminder();
            r.id = UUID.randomUUID();
            r.applicationId = app.id;
            r.userId = userId;
            r.jobId = jobId;
            r.dueAt = due;
            r.note = note;
            r.status = Reminder.Status.PENDING;
            r.createdAt = StoredTime.now();
            return r.<Reminder> persist();
        });
    }

    /** The user's reminders, soonest first; optionally for one job and/or one status. */
    @WithSession
    public Uni<List<Reminder>> list(UUID userId, UUID jobId, Reminder.Status status, PageRequest page) {
        String query = "userId = :user" + (jobId == null ? "" : " and jobId = :job")
                + (status == null ? "" : " and status = :status") + " order by dueAt, id";
        Parameters params = Parameters.with("user", userId);
        if (jobId != null) {
            params.and("job", jobId);
        }
        if (status != null) {
            params.and("status", status);
        }
        return Reminder.<Reminder> find(query, params).range(page.offset(), page.offset() + page.size() - 1).list();
    }

    @WithTransaction
    public Uni<Reminder> cancel(UUID reminderId, OwnerCheck owner) {
        return Reminder.<Reminder> findById(reminderId, LockModeType.PESSIMISTIC_WRITE).map(r -> {
            if (r == null) {
                throw new NotFoundException("reminder " + reminderId + " not found");
            }
            owner.require(r.userId, "reminder " + reminderId);
            if (r.status != Reminder.Status.PENDING) {
                throw new ConflictException("reminder " + reminderId + " is already " + r.status);
            }
            r.status = Reminder.Status.CANCELLED;
            return r;
        });
    }

    /**
     * Claims up to {@code limit} due reminders and fires them: one ReminderDue in the outbox and FIRED status per
     * reminder, committed together. Rows locked by another claimer are skipped, never waited for or fired twice.
     *
     * @return the ids fired by this call
     */
    @WithTransaction
    public Uni<List<UUID>> fireDue(int limit) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("""
                        select * from reminders
                        where status = 'PENDING' and due_at <= now()
                        order by due_at, id
                        limit :limit
                        for update skip locked""", Reminder.class)
                        .setParameter("limit", limit)
                        .getResultList())
                .chain(this::fire);
    }

    private Uni<List<UUID>> fire(List<Reminder> claimed) {
        List<UUID> fired = new ArrayList<>();
        OffsetDateTime now = StoredTime.now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Reminder r : claimed) {
            // one after the other: a reactive session runs one statement at a time
            chain = chain.chain(() -> outbox.publish(Topics.REMINDERS, Events.REMINDER_DUE, r.id.toString(),
                    new Events.ReminderDue(r.id.toString(), r.userId.toString(), r.applicationId.toString(),
                            r.jobId.toString(), r.dueAt.toInstant().toString(), r.note)))
                    .invoke(() -> {
                        r.status = Reminder.Status.FIRED;
                        r.firedAt = now;
                        fired.add(r.id);
                    })
                    .replaceWithVoid();
        }
        return chain.replaceWith(fired);
    }
}
