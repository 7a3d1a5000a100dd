package io.aspaire.pipeline.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.aspaire.pipeline.messaging.out.Events;
import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.platform.input.Timestamps;
import io.aspaire.platform.errors.ConflictException;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.errors.NotFoundException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Reminders on applications. Firing is exactly-once in effect: due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers (replicas, overlapping runs) get disjoint rows, and each
 * claimed row gets its ReminderDue outbox row and its FIRED status in the one transaction that holds the lock.
 */
@ApplicationScoped
public class ReminderService {

    public static final int MAX_NOTE = 500;

    private final Outbox outbox;
    private final Mutiny.SessionFactory sessions;

    public ReminderService(Outbox outbox, Mutiny.SessionFactory sessions) {
        this.outbox = outbox;
        this.sessions = sessions;
    }

    /** Parses an ISO-8601 date-time with offset that lies in the future, at most ten years ahead (platform rule). */
    static OffsetDateTime dueAt(String value) {
        OffsetDateTime at = Timestamps.future("datetime", Timestamps.parse("datetime", value), OffsetDateTime.now());
        return at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public Uni<Reminder> set(UUID callerId, UUID jobId, String datetime, String note) {
        OffsetDateTime due = dueAt(datetime);
        String text = Inputs.text(note, "note", MAX_NOTE, false);
        return Panache.withTransaction(() -> ApplicationService.requireInPipeline(callerId, jobId)
                .chain(app -> {
                    Reminder r = new Reminder();
                    r.id = UUID.randomUUID();
                    r.applicationId = app.id;
                    r.userId = callerId;
                    r.jobId = jobId;
                    r.dueAt = due;
                    r.note = text;
                    r.status = Reminder.Status.PENDING;
                    r.createdAt = Inputs.now();
                    return r.<Reminder> persist();
                }));
    }

    public Uni<List<Reminder>> list(UUID callerId, UUID jobId, Reminder.Status status, int page, int size) {
        Inputs.page(page, size);
        String hql = "from Reminder where userId = :user" + (jobId == null ? "" : " and jobId = :job")
                + (status == null ? "" : " and status = :status") + " order by dueAt, id";
        return sessions.openSession().chain(s -> {
            var q = s.createSelectionQuery(hql, Reminder.class).setParameter("user", callerId);
            if (jobId != null) {
                q.setParameter("job", jobId);
            }
            if (status != null) {
                q.setParameter("status", status);
            }
            return q.setFirstResult(page * size).setMaxResults(size).getResultList().eventually(s::close);
        });
    }

    public Uni<Reminder> cancel(UUID callerId, UUID reminderId) {
        return Panache.withTransaction(() -> Reminder.<Reminder> findById(reminderId, LockModeType.PESSIMISTIC_WRITE)
                .map(r -> {
                    if (r == null) {
                        throw new NotFoundException("reminder " + reminderId + " not found");
                    }
                    if (!r.userId.equals(callerId)) {
                        throw new ForbiddenException("reminder " + reminderId + " belongs to another user");
                    }
                    if (r.status != Reminder.Status.PENDING) {
                        throw new ConflictException("reminder " + reminderId + " is already " + r.status);
                    }
                    r.status = Reminder.Status.CANCELLED;
                    return r;
                }));
    }

    /**
     * Claims up to {@code limit} due reminders and fires them: one ReminderDue in the outbox and FIRED status per
     * reminder, committed together. Rows locked by another claimer are skipped, never waited for or fired twice.
     *
     * @return the ids fired by this call
     */
    public Uni<List<UUID>> fireDue(int limit) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("""
                        select * from reminders
                        where status = 'PENDING' and due_at <= now()
                        order by due_at, id
                        limit :limit
                        for update skip locked""", Reminder.class)
                        .setParameter("limit", limit)
                        .getResultList())
                .chain(this::fire));
    }

    private Uni<List<UUID>> fire(List<Reminder> claimed) {
        List<UUID> fired = new ArrayList<>();
        OffsetDateTime now = Inputs.now();
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
