package io.aspaire.e2e.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A steady stream of user actions through the gateway while a drill runs: each user of its own thread saves jobs,
 * moves them through the stages, adds notes, sets reminders due a few seconds later and pastes resumes; one more
 * thread asks the model for search terms. Every action carries a unique marker (the move's comment, the note, the
 * reminder's note, the resume's title) so that its effects can be found afterwards, and is recorded with how it
 * ended: {@code ok}, {@code error} (GraphQL errors, each with an {@code extensions.code}), {@code hang} (no answer
 * within its timeout) or {@code unclear} (a 5xx or an error without a code, or a broken connection).
 */
public final class Driver implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A request to the pipeline or user subgraph may take this long before it counts as hanging. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A model call: the gateway gives ai-service 30 s; a little more before it counts as hanging. */
    public static final Duration MODEL_TIMEOUT = Duration.ofSeconds(40);

    public enum Kind { SAVE_JOB, MOVE_STAGE, ADD_NOTE, SET_REMINDER, PASTE_RESUME, GENERATE_SEARCH_TERMS }

    /** A signed-in user of the drills. */
    public record User(String id, String token) {
    }

    /** One action and how it ended. */
    public static final class Action {
        public final Kind kind;
        public final User user;
        public final String marker;
        public final Instant at = Instant.now();
        /** The job, or the application moved. */
        public final String subject;
        public volatile String outcome;
        public volatile String code;
        /** The gateway said the change may have been applied ({@code extensions.outcome: UNKNOWN}: answer lost). */
        public volatile boolean outcomeUnknown;
        public volatile String detail;
        /** The id of what the action created (application, note, reminder, resume, search terms). */
        public volatile String resultId;
        public volatile Instant dueAt;
        public volatile long millis;

        Action(Kind kind, User user, String subject) {
            this.kind = kind;
            this.user = user;
            this.subject = subject;
            this.marker = "drill-" + kind.name().toLowerCase() + "-" + UUID.randomUUID();
        }

        public boolean ok() {
            return "ok".equals(outcome);
        }

        @Override
        public String toString() {
            return kind + " by " + user.id() + " on " + subject + " -> " + outcome + (code == null ? "" : " " + code)
                    + (outcomeUnknown ? " (outcome UNKNOWN)" : "") + " in " + millis + " ms" + (detail == null ? "" : ": " + detail);
        }
    }

    /** What a user has in the pipeline, as far as the driver saw it succeed. */
    private static final class Portfolio {
        /** The caller's list: what one drill saves, the next does not try again. */
        final List<String> unsavedJobs;
        final Map<String, String> applicationJob = new LinkedHashMap<>();
        final Map<String, String> stage = new LinkedHashMap<>();

        Portfolio(List<String> unsavedJobs) {
            this.unsavedJobs = unsavedJobs;
        }
    }

    private final String gateway;
    private final List<User> users;
    private final List<User> modelUsers;
    private final Map<String, Portfolio> portfolios = new LinkedHashMap<>();
    private final Duration dueIn;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Action> actions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param users      the users who work through the pipeline and paste resumes
     * @param modelUsers the users who ask the model, in turn: ai-service allows each 60 model calls an hour, and one
     *                   call every few seconds over all the drills would use up three users' allowance
     * @param jobs       the jobs each user may still save (each at most once): saved ones are taken off these lists
     * @param dueIn      how far ahead the reminders are set: they fall due during the drill
     */
    public Driver(String gateway, List<User> users, List<User> modelUsers, Map<String, List<String>> jobs,
            Duration dueIn) {
        this.gateway = gateway + "/graphql";
        this.users = users;
        this.modelUsers = modelUsers;
        this.dueIn = dueIn;
        users.forEach(u -> portfolios.put(u.id(), new Portfolio(jobs.get(u.id()))));
    }

    public void start() {
        running.set(true);
        for (User user : users) {
            threads.add(started("drill-driver-" + user.id(), () -> {
                int step = 0;
                while (running.get()) {
                    act(user, step++);
                    pause(200);
                }
            }));
        }
        threads.add(started("drill-driver-model", () -> {
            while (running.get()) {
                User user = modelUsers.get(Math.floorMod(turn.getAndIncrement(), modelUsers.size()));
                generateSearchTerms(user);
                pause(4000);
            }
        }));
    }

    private static Thread started(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops the stream; returns once every action in flight has its answer (or timed out). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(MODEL_TIMEOUT.toMillis() + 5000);
        }
    }

    public List<Action> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    /** Outcome counts, e.g. {@code ok=120, error UNAVAILABLE=4}. */
    public static Map<String, Integer> outcomes(List<Action> actions) {
        Map<String, Integer> counts = new TreeMap<>();
        actions.forEach(a -> counts.merge(a.outcome + (a.code == null ? "" : " " + a.code), 1, Integer::sum));
        return counts;
    }

    private void act(User user, int step) {
        Portfolio p = portfolios.get(user.id());
        switch (step % 6) {
            case 0, 3 -> saveJob(user, p);
            case 1 -> moveStage(user, p);
            case 2 -> addNote(user, p);
            case 4 -> setReminder(user, p);
            default -> pasteResume(user);
        }
    }

    private void saveJob(User user, Portfolio p) {
        if (p.unsavedJobs.isEmpty()) {
            return;
        }
        String job = p.unsavedJobs.remove(0); // whatever happens, not tried again: a failed save may have committed
        Action a = run(new Action(Kind.SAVE_JOB, user, job), TIMEOUT,
                "mutation($j: ID!) { saveJob(jobId: $j) { id stage } }", Map.of("j", job));
        if (a.ok()) {
            p.applicationJob.put(a.resultId, job);
            p.stage.put(a.resultId, "SAVED");
        }
    }

    private static final Map<String, String> NEXT = Map.of("SAVED", "APPLIED", "APPLIED", "INTERVIEW",
            "INTERVIEW", "OFFER");

    private void moveStage(User user, Portfolio p) {
        String app = p.stage.entrySet().stream().filter(e -> NEXT.containsKey(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (app == null) {
            return;
        }
        String to = NEXT.get(p.stage.get(app));
        Action a = new Action(Kind.MOVE_STAGE, user, app);
        run(a, TIMEOUT, "mutation($a: ID!, $s: ApplicationStage!, $c: String) { moveApplication(id: $a, stage: $s, "
                + "comment: $c) { id stage } }", Map.of("a", app, "s", to, "c", a.marker));
        // a failed move may have committed: this application is not moved again
        p.stage.put(app, a.ok() ? to : "DONE");
    }

    private String anySavedJob(Portfolio p, int salt) {
        List<String> jobs = new ArrayList<>(p.applicationJob.values());
        return jobs.isEmpty() ? null : jobs.get(Math.floorMod(salt, jobs.size()));
    }

    private void addNote(User user, Portfolio p) {
        String job = anySavedJob(p, actions.size());
        if (job == null) {
            return;
        }
        Action a = new Action(Kind.ADD_NOTE, user, job);
        run(a, TIMEOUT, "mutation($j: ID!, $c: String!) { addJobNote(jobId: $j, content: $c) { id } }",
                Map.of("j", job, "c", a.marker));
    }

    private void setReminder(User user, Portfolio p) {
        String job = anySavedJob(p, actions.size() + 1);
        if (job == null) {
            return;
        }
        Action a = new Action(Kind.SET_REMINDER, user, job);
        Instant due = Instant.now().plus(dueIn);
        a.dueAt = due;
        run(a, TIMEOUT, "mutation($j: ID!, $d: String!, $n: String) { setReminder(jobId: $j, datetime: $d, note: $n) "
                + "{ id } }", Map.of("j", job, "d", OffsetDateTime.ofInstant(due, ZoneOffset.UTC).toString(),
                        "n", a.marker));
    }

    private void pasteResume(User user) {
        Action a = new Action(Kind.PASTE_RESUME, user, user.id());
        run(a, TIMEOUT, "mutation($u: ID!, $in: NewResumeInput!) { createResume(userId: $u, input: $in) { id } }",
                Map.of("u", user.id(), "in", Map.of("title", a.marker, "text", "Backend engineer, Java 17, Kafka, "
                        + "PostgreSQL. " + a.marker)));
    }

    private void generateSearchTerms(User user) {
        run(new Action(Kind.GENERATE_SEARCH_TERMS, user, user.id()), MODEL_TIMEOUT,
                "mutation($u: ID!) { generateSearchTerms(userId: $u) { id } }", Map.of("u", user.id()));
    }

    /** Sends the action's operation, records how it ended, and the id it created (the first field's id). */
    private Action run(Action a, Duration timeout, String query, Map<String, Object> variables) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway)).timeout(timeout)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + a.user.token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query,
                            "variables", variables)))).build(), HttpResponse.BodyHandlers.ofString());
            judge(a, response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            a.outcome = "hang";
            a.detail = "no answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            a.outcome = "unclear";
            a.detail = "connection: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a.outcome = "unclear";
            a.detail = "interrupted";
        }
        a.millis = (System.nanoTime() - started) / 1_000_000;
        actions.add(a);
        return a;
    }

    static void judge(Action a, int status, String body) {
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            a.outcome = "unclear";
            a.detail = "HTTP " + status + ", not JSON: " + body.substring(0, Math.min(200, body.length()));
            return;
        }
        JsonNode errors = response.path("errors");
        if (errors.isArray() && errors.size() > 0) {
            JsonNode first = errors.get(0);
            String code = first.path("extensions").path("code").asText("");
            a.detail = "HTTP " + status + ": " + first.path("message").asText();
            boolean everyErrorHasACode = true;
            for (JsonNode error : errors) {
                String c = error.path("extensions").path("code").asText("");
                everyErrorHasACode &= !c.isBlank() && !c.startsWith("INTERNAL");
            }
            a.code = code.isBlank() ? null : code;
            a.outcomeUnknown = "UNKNOWN".equals(first.path("extensions").path("outcome").asText(""));
            a.outcome = everyErrorHasACode ? "error" : "unclear";
            return;
        }
        if (status != 200) {
            a.outcome = "unclear";
            a.detail = "HTTP " + status + " without a GraphQL error: " + body;
            return;
        }
        JsonNode data = response.path("data");
        JsonNode created = data.isObject() && data.size() == 1 ? data.elements().next() : null;
        if (created == null || created.isNull()) {
            a.outcome = "unclear";
            a.detail = "no data and no error: " + body;
            return;
        }
        a.outcome = "ok";
        a.resultId = created.path("id").asText(null);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
