package io.aspaire.gateway.stubs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import io.vertx.core.Vertx;

/**
 * Four stub subgraphs shaped like the suite's services, covering the federation features the gateway must
 * handle:
 * <ul>
 * <li><b>users</b> (Federation 2): {@code User @key(id)}, root queries, a mutation, an {@code @inaccessible} field and
 * an {@code @inaccessible} root query field;</li>
 * <li><b>jobs</b> (Federation 2): {@code Job @key(id)}, extends {@code User} with {@code jobs} and a
 * {@code greeting @requires(fields: "name")}, {@code Job.postedBy @provides(fields: "name")}, a shareable value
 * type, a mutation;</li>
 * <li><b>pipeline</b> (Federation 2): {@code Application} with the compound key {@code "userId jobId"}, a
 * {@code resolvable: false} User reference, extends {@code Job} with {@code applications};</li>
 * <li><b>ai</b> (Federation 1 style: {@code extend type}, {@code @external} keys): a union of an entity and a
 * value type, {@code Job.summary @requires(fields: "title")} (fails for job j2), {@code Application.matchScore}.</li>
 * </ul>
 * Mutations take a number from one global sequence, so tests can check the order they ran in.
 */
public final class StubSubgraphs {

    public static final String USERS_SDL = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@inaccessible"])

            type Query {
              "The caller (u1 when an Authorization header is present)."
              me: User
              user(id: ID!): User
              users(first: Int): [User!]!
              "For _entities only: not part of the gateway's API."
              userReference(id: ID!): User @inaccessible
            }

            type Mutation {
              renameUser(id: ID!, name: String!): User
            }

            "A person using AspAIre."
            type User @key(fields: "id") {
              id: ID!
              "Shareable: the jobs subgraph @provides it on Job.postedBy."
              name: String! @shareable
              email: String
              passwordHash: String @inaccessible
              mutationSeq: Int
            }
            """;

    public static final String JOBS_SDL = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])

            type Query {
              jobs: [Job!]!
              job(id: ID!): Job
            }

            type Mutation {
              postJob(title: String!, ownerId: ID!): Job!
            }

            type Job @key(fields: "id") {
              id: ID!
              title: String!
              company: Company!
              postedBy: User @provides(fields: "name")
              seq: Int
            }

            type Company @shareable {
              name: String!
              city: String
            }

            type User @key(fields: "id") {
              id: ID!
              name: String! @external
              jobs: [Job!]!
              greeting: String! @requires(fields: "name")
            }
            """;

    public static final String PIPELINE_SDL = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

            type Query {
              applications: [Application!]!
            }

            type Subscription {
              "Changes to applications; the stub sends whatever a test posts to /_emit."
              applicationChanged(status: Status): ApplicationEvent!
            }

            type ApplicationEvent {
              kind: String!
              application: Application!
              "Filler, to make events large (slow-client test)."
              padding: String
            }

            enum Status { APPLIED INTERVIEW OFFER REJECTED }

            type Application @key(fields: "userId jobId") {
              userId: ID!
              jobId: ID!
              status: Status!
              applicant: User!
              job: Job!
            }

            type User @key(fields: "id", resolvable: false) {
              id: ID!
            }

            type Job @key(fields: "id") {
              id: ID!
              applications: [Application!]!
            }
            """;

    public static final String AI_SDL = """
            type Query {
              recommendations(userId: ID!): [Recommendation!]!
            }

            union Recommendation = Job | Tip

            type Tip {
              text: String!
            }

            extend type Job @key(fields: "id") {
              id: ID! @external
              title: String! @external
              summary: String @requires(fields: "title")
            }

            extend type Application @key(fields: "userId jobId") {
              userId: ID! @external
              jobId: ID! @external
              matchScore: Float
            }
            """;

    private static final Map<String, String> USER_NAMES = Map.of("u1", "Ada", "u2", "Grace", "u3", "Linus");
    private static final Map<String, String> USER_EMAILS = new LinkedHashMap<>();
    static {
        USER_EMAILS.put("u1", "ada@aspaire.io");
        USER_EMAILS.put("u2", "grace@aspaire.io");
        USER_EMAILS.put("u3", null);
    }

    private record JobRow(String id, String title, String company, String city, String ownerId) {
    }

    private static final List<JobRow> JOBS = List.of(
            new JobRow("j1", "Backend Engineer", "Aspaire", "Paris", "u1"),
            new JobRow("j2", "Data Scientist", "Initech", null, "u1"),
            new JobRow("j3", "SRE", "Globex", "Berlin", "u2"));

    private record ApplicationRow(String userId, String jobId, String status, double score) {
    }

    private static final List<ApplicationRow> APPLICATIONS = List.of(
            new ApplicationRow("u2", "j1", "APPLIED", 0.8),
            new ApplicationRow("u3", "j1", "INTERVIEW", 0.6),
            new ApplicationRow("u3", "j3", "OFFER", 0.9));

    private final AtomicInteger mutationSequence = new AtomicInteger();
    private final Map<String, StubSubgraph> stubs = new LinkedHashMap<>();

    public StubSubgraphs() {
        stubs.put("users", users());
        stubs.put("jobs", jobs());
        stubs.put("pipeline", pipeline());
        stubs.put("ai", ai());
    }

    public StubSubgraphs start(Vertx vertx) {
        stubs.values().forEach(s -> s.start(vertx));
        return this;
    }

    public void stop() {
        stubs.values().forEach(StubSubgraph::stop);
    }

    public StubSubgraph get(String name) {
        return stubs.get(name);
    }

    public Map<String, StubSubgraph> all() {
        return stubs;
    }

    static Map<String, Object> user(String id) {
        if (!USER_NAMES.containsKey(id)) {
            return null;
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("__typename", "User");
        user.put("id", id);
        user.put("name", USER_NAMES.get(id));
        user.put("email", USER_EMAILS.get(id));
        user.put("passwordHash", "secret-" + id);
        return user;
    }

    private StubSubgraph users() {
        return StubSubgraph.builder("users", USERS_SDL)
                .field("Query", "me", env -> user("u1"))
                .field("Query", "user", env -> user(env.getArgument("id")))
                .field("Query", "users", env -> {
                    Integer first = env.getArgument("first");
                    List<Map<String, Object>> all = new ArrayList<>();
                    for (String id : List.of("u1", "u2", "u3")) {
                        all.add(user(id));
                    }
                    return first == null ? all : all.subList(0, Math.min(first, all.size()));
                })
                .field("Mutation", "renameUser", env -> {
                    Map<String, Object> user = user(env.getArgument("id"));
                    if (user != null) {
                        user.put("name", env.getArgument("name"));
                        user.put("mutationSeq", mutationSequence.incrementAndGet());
                    }
                    return user;
                })
                .entity("User", representation -> user((String) representation.get("id")))
                .build();
    }

    static Map<String, Object> job(JobRow row) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("__typename", "Job");
        job.put("id", row.id());
        job.put("title", row.title());
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("name", row.company());
        company.put("city", row.city());
        job.put("company", company);
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("__typename", "User");
        owner.put("id", row.ownerId());
        owner.put("name", USER_NAMES.get(row.ownerId())); // what @provides(fields: "name") promises
        job.put("postedBy", owner);
        return job;
    }

    private static Map<String, Object> jobById(String id) {
        return JOBS.stream().filter(j -> j.id().equals(id)).findFirst().map(StubSubgraphs::job).orElse(null);
    }

    private StubSubgraph jobs() {
        return StubSubgraph.builder("jobs", JOBS_SDL)
                .field("Query", "jobs", env -> JOBS.stream().map(StubSubgraphs::job).toList())
                .field("Query", "job", env -> jobById(env.getArgument("id")))
                .field("Mutation", "postJob", env -> {
                    Map<String, Object> job = job(new JobRow("j" + (100 + mutationSequence.get()), env.getArgument("title"),
                            "Aspaire", "Paris", env.getArgument("ownerId")));
                    job.put("seq", mutationSequence.incrementAndGet());
                    return job;
                })
                .entity("Job", representation -> jobById((String) representation.get("id")))
                .entity("User", representation -> {
                    String id = (String) representation.get("id");
                    Map<String, Object> user = new LinkedHashMap<>();
                    user.put("__typename", "User");
                    user.put("id", id);
                    user.put("jobs", JOBS.stream().filter(j -> j.ownerId().equals(id)).map(StubSubgraphs::job).toList());
                    // @requires(fields: "name"): the name comes from the representation, not from this subgraph
                    user.put("greeting", representation.containsKey("name") ? "Hello, " + representation.get("name") + "!"
                            : null);
                    return user;
                })
                .build();
    }

    private static Map<String, Object> application(ApplicationRow row) {
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("__typename", "Application");
        application.put("userId", row.userId());
        application.put("jobId", row.jobId());
        application.put("status", row.status());
        application.put("applicant", Map.of("__typename", "User", "id", row.userId()));
        application.put("job", Map.of("__typename", "Job", "id", row.jobId()));
        return application;
    }

    private StubSubgraph pipeline() {
        return StubSubgraph.builder("pipeline", PIPELINE_SDL)
                .field("Query", "applications", env -> APPLICATIONS.stream().map(StubSubgraphs::application).toList())
                .entity("Job", representation -> {
                    String id = (String) representation.get("id");
                    Map<String, Object> job = new LinkedHashMap<>();
                    job.put("__typename", "Job");
                    job.put("id", id);
                    job.put("applications", APPLICATIONS.stream().filter(a -> a.jobId().equals(id))
                            .map(StubSubgraphs::application).toList());
                    return job;
                })
                .entity("Application", representation -> APPLICATIONS.stream()
                        .filter(a -> a.userId().equals(representation.get("userId"))
                                && a.jobId().equals(representation.get("jobId")))
                        .findFirst().map(StubSubgraphs::application).orElse(null))
                .build();
    }

    private StubSubgraph ai() {
        return StubSubgraph.builder("ai", AI_SDL)
                .field("Query", "recommendations", env -> {
                    List<Object> result = new ArrayList<>();
                    result.add(Map.of("__typename", "Job", "id", "j3"));
                    result.add(Map.of("__typename", "Tip", "text", "Polish your CV, " + env.getArgument("userId")));
                    result.add(Map.of("__typename", "Job", "id", "j1"));
                    return result;
                })
                .field("Job", "summary", env -> {
                    Map<String, Object> job = env.getSource();
                    if ("j2".equals(job.get("id"))) {
                        return DataFetcherResult.newResult().data(null)
                                .error(GraphqlErrorBuilder.newError(env).message("Summary unavailable for job j2").build())
                                .build();
                    }
                    Object title = job.get("title");
                    return title == null ? null : "Summary of " + title;
                })
                .entity("Job", representation -> {
                    Map<String, Object> job = new LinkedHashMap<>(representation);
                    return job; // carries id and the required title
                })
                .entity("Application", representation -> APPLICATIONS.stream()
                        .filter(a -> a.userId().equals(representation.get("userId"))
                                && a.jobId().equals(representation.get("jobId")))
                        .findFirst().map(a -> {
                            Map<String, Object> application = new LinkedHashMap<>(representation);
                            application.put("matchScore", a.score());
                            return (Object) application;
                        }).orElse(null))
                .build();
    }
}
