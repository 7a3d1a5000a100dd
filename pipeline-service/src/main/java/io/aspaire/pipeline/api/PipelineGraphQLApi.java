package io.aspaire.pipeline.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import graphql.schema.DataFetchingEnvironment;
import io.aspaire.pipeline.domain.ApplicationChange;
import io.aspaire.pipeline.domain.ApplicationPage;
import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.domain.JobRef;
import io.aspaire.pipeline.domain.NoteView;
import io.aspaire.pipeline.domain.PipelineStats;
import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.pipeline.domain.ReminderDueEvent;
import io.aspaire.pipeline.domain.ReminderView;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.domain.StageChangeView;
import io.aspaire.pipeline.service.ApplicationService;
import io.aspaire.pipeline.service.LiveUpdates;
import io.aspaire.pipeline.service.NoteService;
import io.aspaire.pipeline.service.OwnerCheck;
import io.aspaire.pipeline.service.ReminderService;
import io.aspaire.pipeline.service.StatsService;
import io.aspaire.platform.errors.ForbiddenException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.input.Timestamps;
import io.aspaire.platform.input.Validation;
import io.aspaire.platform.postgresql.SessionPerFetcher;
import io.aspaire.platform.security.CurrentUser;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The pipeline subgraph (Apollo Federation 2). Every operation acts for the caller named by the JWT: a {@code userId}
 * argument must be the caller (FORBIDDEN otherwise), an id of someone else's application, note or reminder is
 * FORBIDDEN, and job-addressed operations only ever see the caller's own application for that job. This class is
 * the only place that reads the caller and checks ownership; input is checked here too (platform Ids, PageRequest,
 * Timestamps, Bean Validation on the input records through {@link Validation}).
 * <p>
 * Every fetcher reaches the services through {@link SessionPerFetcher#run}: a context of its own, so the services'
 * {@code @WithSession}/{@code @WithTransaction} give it its own session while sibling fields run in parallel.
 * <p>
 * Federation v2.7, not v2.3: the SDL SmallRye GraphQL 2.17 prints declares {@code @override(label:)}, which Apollo
 * composition accepts from v2.7 on only.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key"),
        @Import(name = "@external"), @Import(name = "@requires"), @Import(name = "@provides"),
        @Import(name = "@shareable"), @Import(name = "@extends") })
public class PipelineGraphQLApi {

    /** The largest page of every list here. */
    static final int MAX_PAGE_SIZE = 100;

    private final CurrentUser currentUser;
    private final Validation validation;
    private final Context graphql;
    private final ApplicationService applications;
    private final NoteService notes;
    private final ReminderService reminders;
    private final StatsService stats;
    private final LiveUpdates live;

    public PipelineGraphQLApi(CurrentUser currentUser, Validation validation, Context graphql,
            ApplicationService applications, NoteService notes, ReminderService reminders, StatsService stats,
            LiveUpdates live) {
        this.live = live;
        this.currentUser = currentUser;
        this.validation = validation;
        this.graphql = graphql;
        this.applications = applications;
        this.notes = notes;
        this.reminders = reminders;
        this.stats = stats;
    }

    // ---------------------------------------------------------------- applications

    @Query
    @Description("A user's pipeline (the caller's own), newest change first; optionally one stage only. page >= 0 "
            + "(null: 0), size 1 to 100 (null: 20)")
    public Uni<@NonNull ApplicationPage> pipelineJobs(@NonNull @Id String userId, Stage stage,
            @DefaultValue("0") Integer page, @DefaultValue("20") Integer size) {
        UUID user = currentUser.requireSelf(Ids.required("userId", userId));
        PageRequest p = PageRequest.of(page, size, 20, MAX_PAGE_SIZE);
        // the count is a statement of its own: only when the query asks for it. The selection's own field names, not
        // DataFetchingFieldSelectionSet.contains: that compiles its argument as a glob (a regex) on every call
        boolean withTotal = graphql.unwrap(DataFetchingEnvironment.class).getSelectionSet().getImmediateFields()
                .stream().anyMatch(field -> field.getName().equals("totalCount"));
        return SessionPerFetcher.run(() -> applications.list(user, stage, p, withTotal))
                .map(found -> new ApplicationPage(found.items(), p.page(), p.size(),
                        found.total() == null ? 0 : found.total()));
    }

    @Query
    @Description("One of the caller's applications")
    public Uni<ApplicationView> application(@NonNull @Id String id) {
        OwnerCheck owner = callerOwns();
        UUID applicationId = Ids.required("id", id);
        return SessionPerFetcher.run(() -> applications.get(applicationId))
                .invoke(app -> owner.require(app.userId, "application " + applicationId))
                .map(ApplicationView::of);
    }

    @Mutation
    @Description("Puts a job in the caller's pipeline (SAVED unless a stage is given) or moves it there; repeating "
            + "the call changes nothing")
    public Uni<@NonNull ApplicationView> saveJob(@NonNull @Id String jobId, Stage stage) {
        UUID caller = currentUser.id();
        UUID job = Ids.required("jobId", jobId);
        return SessionPerFetcher.run(() -> applications.save(caller, job, stage)).map(ApplicationView::of);
    }

    @Mutation
    @Description("Moves an application to another stage; the change is kept in its history with the comment")
    public Uni<@NonNull ApplicationView> moveApplication(@NonNull @Id String id, @NonNull Stage stage,
            String comment) {
        OwnerCheck owner = callerOwns();
        UUID applicationId = Ids.required("id", id);
        MoveInput move = validation.check("input", new MoveInput(stage, comment));
        return SessionPerFetcher.run(() -> applications.move(applicationId, owner, move.stage(), move.comment()))
                .map(ApplicationView::of);
    }

    @Mutation
    @Description("Removes an application with its history, notes and reminders")
    public Uni<@NonNull Boolean> removeApplication(@NonNull @Id String id) {
        OwnerCheck owner = callerOwns();
        UUID applicationId = Ids.required("id", id);
        return SessionPerFetcher.run(() -> applications.remove(applicationId, owner));
    }

    @Description("The application's stage changes, oldest first")
    public Uni<List<@NonNull List<@NonNull StageChangeView>>> history(@Source List<ApplicationView> apps) {
        // one statement for the whole batch (every application of a page)
        List<UUID> ids = apps.stream().map(a -> Ids.required("id", a.id())).toList();
        return SessionPerFetcher.run(() -> applications.histories(ids))
                .map(all -> all.stream().map(list -> list.stream().map(StageChangeView::of).toList()).toList());
    }

    @Name("application")
    @Description("The caller's application for this job, if it is in their pipeline")
    public Uni<List<ApplicationView>> jobApplication(@Source List<JobRef> jobs) {
        if (!currentUser.isAuthenticated()) {
            return Uni.createFrom().item(Collections.nCopies(jobs.size(), null));
        }
        UUID caller = currentUser.id();
        // a reference with an id that is not a UUID has no application (null), like an unknown job
        List<UUID> ids = jobs.stream().map(j -> Ids.orNull(j.id())).toList();
        List<UUID> valid = ids.stream().filter(Objects::nonNull).distinct().toList();
        return SessionPerFetcher.run(() -> applications.forJobs(caller, valid)).map(found -> {
            Map<UUID, ApplicationView> byJob = new HashMap<>();
            for (int i = 0; i < valid.size(); i++) {
                if (found.get(i) != null) {
                    byJob.put(valid.get(i), ApplicationView.of(found.get(i)));
                }
            }
            return ids.stream().map(i -> i == null ? null : byJob.get(i)).toList();
        });
    }

    // ---------------------------------------------------------------- federation entity resolvers

    /** _entities for Application: the caller's own applications only; any other id resolves to null. */
    @Resolver
    public Uni<List<ApplicationView>> applicationReferences(@Name("id") List<String> id) {
        if (!currentUser.isAuthenticated()) {
            return Uni.createFrom().item(Collections.nCopies(id.size(), null));
        }
        UUID caller = currentUser.id();
        List<UUID> ids = id.stream().map(Ids::orNull).toList();
        List<UUID> valid = ids.stream().filter(Objects::nonNull).distinct().toList();
        return SessionPerFetcher.run(() -> applications.ownedByIds(caller, valid)).map(found -> {
            Map<UUID, ApplicationView> byId = new HashMap<>();
            found.forEach(a -> {
                if (a != null) {
                    byId.put(a.id, ApplicationView.of(a));
                }
            });
            return ids.stream().map(i -> i == null ? null : byId.get(i)).toList();
        });
    }

    /** _entities for Job: this subgraph only adds {@code Job.application}, so the key is all it needs. */
    @Resolver
    public List<JobRef> jobReferences(@Name("id") List<String> id) {
        return id.stream().map(JobRef::new).toList();
    }

    // ---------------------------------------------------------------- notes

    @Query
    @Description("Notes on the caller's application for a job, oldest first")
    public Uni<@NonNull List<@NonNull NoteView>> jobNotes(@NonNull @Id String jobId, @DefaultValue("0") Integer page,
            @DefaultValue("50") Integer size) {
        UUID caller = currentUser.id();
        UUID job = Ids.required("jobId", jobId);
        PageRequest p = PageRequest.of(page, size, 50, MAX_PAGE_SIZE);
        return SessionPerFetcher.run(() -> notes.list(caller, job, p)).map(list -> list.stream().map(NoteView::of).toList());
    }

    @Mutation
    @Description("Adds a note (1 to 5000 characters) to the caller's application for a job")
    public Uni<@NonNull NoteView> addJobNote(@NonNull @Id String jobId, @NonNull String content) {
        UUID caller = currentUser.id();
        UUID job = Ids.required("jobId", jobId);
        NoteInput note = validation.check("content", new NoteInput(content));
        return SessionPerFetcher.run(() -> notes.add(caller, job, note.content())).map(NoteView::of);
    }

    @Mutation
    @Description("Replaces the content of one of the caller's notes")
    public Uni<@NonNull NoteView> editJobNote(@NonNull @Id String id, @NonNull String content) {
        OwnerCheck owner = callerOwns();
        UUID noteId = Ids.required("id", id);
        NoteInput note = validation.check("content", new NoteInput(content));
        return SessionPerFetcher.run(() -> notes.edit(noteId, owner, note.content())).map(NoteView::of);
    }

    @Mutation
    @Description("Deletes one of the caller's notes")
    public Uni<@NonNull Boolean> deleteJobNote(@NonNull @Id String id) {
        OwnerCheck owner = callerOwns();
        UUID noteId = Ids.required("id", id);
        return SessionPerFetcher.run(() -> notes.delete(noteId, owner));
    }

    // ---------------------------------------------------------------- reminders

    @Mutation
    @Description("Sets a reminder on the caller's application for a job; datetime is ISO-8601 with offset and in "
            + "the future. A ReminderDue event is emitted once when it is due.")
    @Name("setReminder") // SmallRye would otherwise drop the "set" prefix
    public Uni<@NonNull ReminderView> setReminder(@NonNull @Id String jobId, @NonNull String datetime, String note) {
        UUID caller = currentUser.id();
        UUID job = Ids.required("jobId", jobId);
        OffsetDateTime due = dueAt(datetime);
        ReminderInput input = validation.check("note", new ReminderInput(note));
        return SessionPerFetcher.run(() -> reminders.set(caller, job, due, input.note())).map(ReminderView::of);
    }

    /** An ISO-8601 date-time with offset that lies in the future, at most ten years ahead (platform rule). */
    static OffsetDateTime dueAt(String value) {
        OffsetDateTime at = Timestamps.future("datetime", Timestamps.parse("datetime", value), OffsetDateTime.now());
        return at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @Query
    @Description("The caller's reminders, soonest first; optionally for one job and/or one status")
    public Uni<@NonNull List<@NonNull ReminderView>> reminders(@Id String jobId, Reminder.Status status,
            @DefaultValue("0") Integer page, @DefaultValue("50") Integer size) {
        UUID caller = currentUser.id();
        UUID job = Ids.optional("jobId", jobId);
        PageRequest p = PageRequest.of(page, size, 50, MAX_PAGE_SIZE);
        return SessionPerFetcher.run(() -> reminders.list(caller, job, status, p))
                .map(list -> list.stream().map(ReminderView::of).toList());
    }

    @Mutation
    @Description("Cancels one of the caller's pending reminders")
    public Uni<@NonNull ReminderView> cancelReminder(@NonNull @Id String id) {
        OwnerCheck owner = callerOwns();
        UUID reminderId = Ids.required("id", id);
        return SessionPerFetcher.run(() -> reminders.cancel(reminderId, owner)).map(ReminderView::of);
    }

    // ---------------------------------------------------------------- subscriptions (graphql-transport-ws on /graphql)

    @Subscription
    @Description("The caller's reminders as they fire (ReminderDue), with their application; only events that fire "
            + "while subscribed")
    public Multi<@NonNull ReminderDueEvent> reminderDue() {
        UUID caller = currentUser.id(); // read while the subscribing request is current: the feed is this user's
        return live.reminders(caller);
    }

    @Subscription
    @Description("Changes to the caller's applications (saved, moved, removed), from any of their devices; with a "
            + "stage, only changes that leave an application in that stage")
    public Multi<@NonNull ApplicationChange> applicationChanged(Stage stage) {
        UUID caller = currentUser.id();
        Multi<ApplicationChange> changes = live.applicationChanges(caller);
        return stage == null ? changes : changes.select().where(change -> change.stage() == stage);
    }

    // ---------------------------------------------------------------- analytics

    @Query
    @Description("Funnel statistics of the caller's pipeline: counts per stage, conversions, median time in stage")
    public Uni<@NonNull PipelineStats> pipelineStats(@NonNull @Id String userId) {
        UUID user = currentUser.requireSelf(Ids.required("userId", userId));
        return SessionPerFetcher.run(() -> stats.stats(user));
    }

    // ---------------------------------------------------------------- ownership

    /**
     * The one ownership rule: the resource's owner must be the caller named by the JWT (read here, while the request
     * context is active), FORBIDDEN otherwise. Writes apply it to the row they locked; reads to what they loaded.
     */
    private OwnerCheck callerOwns() {
        UUID caller = currentUser.id();
        return (owner, what) -> {
            if (!caller.equals(owner)) {
                throw new ForbiddenException(what + " belongs to another user");
            }
        };
    }
}
