package io.aspaire.pipeline.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.pipeline.support.Gql;
import io.aspaire.pipeline.support.Kafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * reminderDue and applicationChanged over graphql-transport-ws, fed from the real broker: each subscriber gets its own
 * events only.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SubscriptionsTest {

    @Inject
    Vertx vertx;
    @Inject
    KafkaClientService kafka;
    @Inject
    io.aspaire.pipeline.service.LiveUpdates live;

    @BeforeEach
    void feedsAreReading() {
        // the feeds start at the end of their topics: events before their partitions are assigned are not theirs
        for (String channel : new String[] { "reminders-live", "applications-live" }) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.getConsumer(channel).getAssignments()
                    .await().atMost(Duration.ofSeconds(5)).isEmpty());
        }
    }

    @Test
    void aReminderReachesItsOwnerOnlyWithItsApplication() throws Exception {
        Gql owner = Gql.newUser();
        Gql other = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String applicationId = owner.saveJob(jobId, "APPLIED");
        try (Client mine = Client.open(vertx, owner.token()); Client theirs = Client.open(vertx, other.token())) {
            mine.subscribe("subscription { reminderDue { reminder { id dueAt note status } application { id stage job { id } } } }");
            theirs.subscribe("subscription { reminderDue { reminder { id } } }");
            String due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
            String reminderId = owner.ok("mutation($j: ID!, $d: String!) { setReminder(jobId: $j, datetime: $d, "
                    + "note: \"call back\") { id } }", "j", jobId.toString(), "d", due).getString("data.setReminder.id");

            JsonObject next = mine.next(Duration.ofSeconds(20));
            assertNotNull(next, "the owner is told");
            assertEquals("next", next.getString("type"), next.encode());
            JsonObject event = next.getJsonObject("payload").getJsonObject("data").getJsonObject("reminderDue");
            assertEquals(reminderId, event.getJsonObject("reminder").getString("id"));
            assertEquals("call back", event.getJsonObject("reminder").getString("note"));
            assertEquals("FIRED", event.getJsonObject("reminder").getString("status"));
            assertEquals(applicationId, event.getJsonObject("application").getString("id"));
            assertEquals("APPLIED", event.getJsonObject("application").getString("stage"));
            assertEquals(jobId.toString(), event.getJsonObject("application").getJsonObject("job").getString("id"));

            assertNull(mine.next(Duration.ofSeconds(3)), "exactly one event");
            assertNull(theirs.next(Duration.ofMillis(100)), "another user hears nothing of it");
        }
    }

    @Test
    void aReminderFiredByAnotherReplicaReachesTheSubscriberOnThisOne() throws Exception {
        // another replica's scheduler claimed the reminder: its ReminderDue comes from the topic, not from this JVM
        Gql owner = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String applicationId = owner.saveJob(jobId, "INTERVIEW");
        String reminderId = UUID.randomUUID().toString();
        try (Client mine = Client.open(vertx, owner.token())) {
            mine.subscribe("subscription { reminderDue { reminder { id note } application { id stage } } }");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.reminderSubscriptions(owner.userId) == 1);
            Kafka.send("aspaire.reminders.v1", reminderId, Kafka.cloudEvent(UUID.randomUUID().toString(), "ReminderDue",
                    reminderId, java.util.Map.of("reminderId", reminderId, "userId", owner.userId.toString(),
                            "applicationId", applicationId, "jobId", jobId.toString(),
                            "dueAt", OffsetDateTime.now(ZoneOffset.UTC).toString(), "note", "from replica 2")));
            JsonObject next = mine.next(Duration.ofSeconds(15));
            assertNotNull(next, "delivered by the replica holding the subscription");
            JsonObject event = next.getJsonObject("payload").getJsonObject("data").getJsonObject("reminderDue");
            assertEquals(reminderId, event.getJsonObject("reminder").getString("id"));
            assertEquals("from replica 2", event.getJsonObject("reminder").getString("note"));
            assertEquals("INTERVIEW", event.getJsonObject("application").getString("stage"));
        }
    }

    @Test
    void applicationChangesOfTheCallerFilteredByStage() throws Exception {
        Gql user = Gql.newUser();
        Gql other = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String applicationId = user.saveJob(jobId, "SAVED");
        try (Client interviews = Client.open(vertx, user.token()); Client all = Client.open(vertx, user.token());
                Client theirs = Client.open(vertx, other.token())) {
            interviews.subscribe("subscription { applicationChanged(stage: INTERVIEW) { kind stage from application { id stage } } }");
            all.subscribe("subscription { applicationChanged { kind stage } }");
            theirs.subscribe("subscription { applicationChanged { kind } }");
            // the subscriptions are registered once the subgraph has read the subscribe messages
            await().atMost(Duration.ofSeconds(10)).until(() -> live.applicationSubscriptions(user.userId) == 2
                    && live.applicationSubscriptions(other.userId) == 1);
            // operators (and the e2e tests) see the same through /q/metrics, without any user id
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            java.util.regex.Matcher open = java.util.regex.Pattern.compile(
                    "aspaire_live_subscriptions\\{[^}]*subscription=\"applicationChanged\"[^}]*\\} ([0-9.]+)")
                    .matcher(metrics);
            assertTrue(open.find(), "no aspaire_live_subscriptions{subscription=\"applicationChanged\"} in /q/metrics");
            assertTrue(Double.parseDouble(open.group(1)) >= 3, open.group());
            user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: APPLIED) { id } }", "id", applicationId);
            user.ok("mutation($id: ID!) { moveApplication(id: $id, stage: INTERVIEW) { id } }", "id", applicationId);

            JsonObject first = all.next(Duration.ofSeconds(15));
            assertEquals("APPLIED", data(first).getString("stage"), first.encode());
            assertEquals("INTERVIEW", data(all.next(Duration.ofSeconds(15))).getString("stage"));
            JsonObject interview = data(interviews.next(Duration.ofSeconds(15)));
            assertEquals("STAGE_CHANGED", interview.getString("kind"));
            assertEquals("APPLIED", interview.getString("from"));
            assertEquals("INTERVIEW", interview.getJsonObject("application").getString("stage"));
            assertNull(interviews.next(Duration.ofSeconds(1)), "the move to APPLIED is filtered out");
            assertNull(theirs.next(Duration.ofMillis(100)), "another user hears nothing");
        }
    }

    @Test
    void noteChangesFromOneDeviceReachTheSameUsersOtherDevicesOnly() throws Exception {
        Gql user = Gql.newUser();
        Gql other = Gql.newUser();
        UUID jobId = UUID.randomUUID();
        String applicationId = user.saveJob(jobId, "INTERVIEW");
        try (Client phone = Client.open(vertx, user.token()); Client theirs = Client.open(vertx, other.token())) {
            phone.subscribe("subscription { applicationChanged { kind applicationId jobId stage noteId "
                    + "note { id applicationId content } application { id stage } } }");
            theirs.subscribe("subscription { applicationChanged { kind noteId } }");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.applicationSubscriptions(user.userId) == 1
                    && live.applicationSubscriptions(other.userId) == 1);

            // the laptop: other requests of the same user
            String noteId = user.ok("mutation($j: ID!) { addJobNote(jobId: $j, content: \"asked about the team\") { id } }",
                    "j", jobId.toString()).getString("data.addJobNote.id");
            JsonObject added = nextNoteChange(phone);
            assertEquals("NOTE_ADDED", added.getString("kind"), added.encode());
            assertEquals(noteId, added.getString("noteId"));
            assertEquals(applicationId, added.getString("applicationId"));
            assertEquals(jobId.toString(), added.getString("jobId"));
            assertEquals("INTERVIEW", added.getString("stage"), "a note counts for the stage its application is in");
            assertEquals("asked about the team", added.getJsonObject("note").getString("content"));
            assertEquals(applicationId, added.getJsonObject("note").getString("applicationId"));
            assertEquals("INTERVIEW", added.getJsonObject("application").getString("stage"));

            user.ok("mutation($id: ID!) { editJobNote(id: $id, content: \"asked about the team size\") { id } }",
                    "id", noteId);
            JsonObject edited = nextNoteChange(phone);
            assertEquals("NOTE_UPDATED", edited.getString("kind"), edited.encode());
            assertEquals("asked about the team size", edited.getJsonObject("note").getString("content"));

            user.ok("mutation($id: ID!) { deleteJobNote(id: $id) }", "id", noteId);
            JsonObject removed = nextNoteChange(phone);
            assertEquals("NOTE_REMOVED", removed.getString("kind"), removed.encode());
            assertEquals(noteId, removed.getString("noteId"));
            assertNull(removed.getValue("note"), "the note is gone");

            assertNull(theirs.next(Duration.ofMillis(100)), "another user hears nothing of it");
        }
    }

    /**
     * The next note change: the application's own ApplicationSaved may still reach the subscription (the outbox relay
     * can publish it after the subscription opened), and is not what this is about.
     */
    private static JsonObject nextNoteChange(Client client) throws InterruptedException {
        JsonObject change = data(client.next(Duration.ofSeconds(15)));
        while ("SAVED".equals(change.getString("kind"))) {
            change = data(client.next(Duration.ofSeconds(15)));
        }
        return change;
    }

    private static JsonObject data(JsonObject next) {
        assertNotNull(next, "an event");
        return next.getJsonObject("payload").getJsonObject("data").getJsonObject("applicationChanged");
    }

    /** A graphql-transport-ws client, the token on the upgrade request as the gateway sends it. */
    static final class Client implements AutoCloseable {
        private final WebSocket socket;
        private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

        private Client(WebSocket socket) {
            this.socket = socket;
        }

        static Client open(Vertx vertx, String token) throws Exception {
            CompletableFuture<Client> opened = new CompletableFuture<>();
            vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("localhost")
                    .setPort(RestAssured.port).setURI("/graphql").addSubProtocol("graphql-transport-ws")
                    .addHeader("Authorization", "Bearer " + token)).onSuccess(socket -> {
                        Client client = new Client(socket);
                        socket.textMessageHandler(text -> client.messages.add(new JsonObject(text)));
                        opened.complete(client);
                    }).onFailure(opened::completeExceptionally);
            Client client = opened.get(10, TimeUnit.SECONDS);
            client.socket.writeTextMessage(new JsonObject().put("type", "connection_init")
                    .put("payload", new JsonObject().put("Authorization", "Bearer " + token)).encode());
            JsonObject ack = client.next(Duration.ofSeconds(10));
            assertEquals("connection_ack", ack == null ? null : ack.getString("type"));
            return client;
        }

        void subscribe(String query) {
            socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", query)).encode());
        }

        /** The next message other than a ping within {@code timeout} in all (pings do not extend it), or null. */
        JsonObject next(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonObject message;
            do {
                long left = deadline - System.nanoTime();
                message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            } while (message != null && "ping".equals(message.getString("type")));
            return message;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
