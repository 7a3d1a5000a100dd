package io.aspaire.pipeline.api;

import java.util.Collections;
import java.util.List;
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

import io.aspaire.pipeline.domain.ApplicationPage;
import io.aspaire.pipeline.domain.ApplicationView;
import io.aspaire.pipeline.domain.JobRef;
import io.aspaire.pipeline.domain.NoteView;
import io.aspaire.pipeline.domain.PipelineStats;
import io.aspaire.pipeline.domain.Reminder;
import io.aspaire.pipeline.domain.ReminderView;
import io.aspaire.pipeline.domain.Stage;
import io.aspaire.pipeline.domain.StageChangeView;
import io.aspaire.pipeline.service.ApplicationService;
import io.aspaire.pipeline.service.Inputs;
import io.aspaire.pipeline.service.NoteService;
import io.aspaire.pipeline.service.ReminderService;
import io.aspaire.pipeline.service.StatsService;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.PageRequest;
import io.aspaire.platform.security.CurrentUser;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.mutiny.Uni;

/**
 * The pipeline subgraph (Apollo Federation 2). Every operation acts for the caller named by the JWT: a {@code userId}
 * argument must be the caller (FORBIDDEN otherwise), an id of someone else's application, note or reminder is
 * FORBIDDEN, and job-addressed operations only ever see the caller's own application for that job.
 * <p>
 * Federation v2.7, not v2.3: the SDL SmallRye GraphQL 2.17 prints declares {@code @override(label:)}, which Apollo
 * composition accepts from v2.7 on only.
 */
@GraphQLApi
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key"),
        @Import(name = "@external"), @Import(name = "@requires"), @Import(name = "@provides"),
        @Import(name = "@shareable"), @Import(name = "@extends") })
public class PipelineGraphQLApi {

    private final CurrentUser currentUser;
    private final ApplicationService applications;
    private final NoteService notes;
    private final ReminderService reminders;
    private final StatsService stats;

    public PipelineGraphQLApi(CurrentUser currentUser, ApplicationService applications, NoteService notes,
            ReminderService reminders, StatsService stats) {
        this.currentUser = currentUser;
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
        UUID user = currentUser.requireSelf(Inputs.id(userId, "userId"));
        PageRequest p = Inputs.page(page, size, 20);
        return applications.list(user, stage, p.page(), p.size());
    }

    @Query
    @Description("One of the caller's applications")
    public Uni<ApplicationView> application(@NonNull @Id String id) {
        UUID caller = currentUser.id();
        return applications.get(caller, Inputs.id(id, "id")).map(ApplicationView::of);
    }

    @Mutation
    @Description("Puts a job in the caller's pipeline (SAVED unless a stage is given) or moves it there; repeating "
            + "the call changes nothing")
    public Uni<@NonNull ApplicationView> saveJob(@NonNull @Id String jobId, Stage stage) {
        UUID caller = currentUser.id();
        return applications.save(caller, Inputs.id(jobId, "jobId"), stage).map(ApplicationView::of);
    }

    @Mutation
    @Description("Moves an application to another stage; the change is kept in its history with the comment")
    public Uni<@NonNull ApplicationView> moveApplication(@NonNull @Id String id, @NonNull Stage stage,
            String comment) {
        UUID caller = currentUser.id();
        return applications.move(caller, Inputs.id(id, "id"), stage, comment).map(ApplicationView::of);
    }

    @Mutation
    @Description("Removes an application with its history, notes and reminders")
    public Uni<@NonNull Boolean> removeApplication(@NonNull @Id String id) {
        UUID caller = currentUser.id();
        return applications.remove(caller, Inputs.id(id, "id"));
    }

    @Description("The application's stage changes, oldest first")
    public Uni<List<@NonNull List<@NonNull StageChangeView>>> history(@Source List<ApplicationView> apps) {
        return applications.histories(apps.stream().map(a -> UUID.fromString(a.id())).toList())
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
        List<UUID> valid = ids.stream().filter(java.util.Objects::nonNull).toList();
        return applications.forJobs(caller, valid).map(found -> {
            var byJob = new java.util.HashMap<UUID, ApplicationView>();
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
        return applications.ownedByIds(caller, ids.stream().filter(java.util.Objects::nonNull).distinct().toList())
                .map(found -> {
                    var byId = new java.util.HashMap<UUID, ApplicationView>();
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
        PageRequest p = Inputs.page(page, size, 50);
        return notes.list(caller, Inputs.id(jobId, "jobId"), p.page(), p.size())
                .map(list -> list.stream().map(NoteView::of).toList());
    }

    @Mutation
    @Description("Adds a note (1 to 5000 characters) to the caller's application for a job")
    public Uni<@NonNull NoteView> addJobNote(@NonNull @Id String jobId, @NonNull String content) {
        UUID caller = currentUser.id();
        return notes.add(caller, Inputs.id(jobId, "jobId"), content).map(NoteView::of);
    }

    @Mutation
    @Description("Replaces the content of one of the caller's notes")
    public Uni<@NonNull NoteView> editJobNote(@NonNull @Id String id, @NonNull String content) {
        UUID caller = currentUser.id();
        return notes.edit(caller, Inputs.id(id, "id"), content).map(NoteView::of);
    }

    @Mutation
    @Description("Deletes one of the caller's notes")
    public Uni<@NonNull Boolean> deleteJobNote(@NonNull @Id String id) {
        UUID caller = currentUser.id();
        return notes.delete(caller, Inputs.id(id, "id"));
    }

    // ---------------------------------------------------------------- reminders

    @Mutation
    @Description("Sets a reminder on the caller's application for a job; datetime is ISO-8601 with offset and in "
            + "the future. A ReminderDue event is emitted once when it is due.")
    @Name("setReminder") // SmallRye would otherwise drop the "set" prefix
    public Uni<@NonNull ReminderView> setReminder(@NonNull @Id String jobId, @NonNull String datetime, String note) {
        UUID caller = currentUser.id();
        return reminders.set(caller, Inputs.id(jobId, "jobId"), datetime, note).map(ReminderView::of);
    }

    @Query
    @Description("The caller's reminders, soonest first; optionally for one job and/or one status")
    public Uni<@NonNull List<@NonNull ReminderView>> reminders(@Id String jobId, Reminder.Status status,
            @DefaultValue("0") Integer page, @DefaultValue("50") Integer size) {
        UUID caller = currentUser.id();
        UUID job = jobId == null ? null : Inputs.id(jobId, "jobId");
        PageRequest p = Inputs.page(page, size, 50);
        return reminders.list(caller, job, status, p.page(), p.size())
                .map(list -> list.stream().map(ReminderView::of).toList());
    }

    @Mutation
    @Description("Cancels one of the caller's pending reminders")
    public Uni<@NonNull ReminderView> cancelReminder(@NonNull @Id String id) {
        UUID caller = currentUser.id();
        return reminders.cancel(caller, Inputs.id(id, "id")).map(ReminderView::of);
    }

    // ---------------------------------------------------------------- analytics

    @Query
    @Description("Funnel statistics of the caller's pipeline: counts per stage, conversions, median time in stage")
    public Uni<@NonNull PipelineStats> pipelineStats(@NonNull @Id String userId) {
        UUID user = currentUser.requireSelf(Inputs.id(userId, "userId"));
        return stats.stats(user);
    }
}
