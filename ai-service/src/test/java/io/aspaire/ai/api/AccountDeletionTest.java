package io.aspaire.ai.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.localstack.TestJwt;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.errors.UnauthenticatedException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.mongodb.MongoDeletedAccounts;
import io.aspaire.platform.mongodb.MongoInbox;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Account deletion as ai-service sees it, on the real broker: after UserDeleted the user's token gets 401 within 5 s
 * on GraphQL and at the WebSocket upgrade, an open chat connection is closed, the read models hold nothing of the
 * user, a ResumeSaved arriving late (or racing the deletion on its other topic) stores nothing, and a write that
 * straddles the tombstone leaves nothing behind.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class AccountDeletionTest {

    static final String TERMS = "query($u: ID!) { latestSearchTerms(userId: $u) { termsId } }";

    @TestHTTPResource("/openai/ws")
    URI ws;
    @Inject
    ObjectMapper mapper;
    @Inject
    MongoInbox inbox;
    @Inject
    DeletedAccounts deletedAccounts;
    @Inject
    ReactiveMongoClient mongo;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aDeletedUsersTokenIsRefusedTheSocketClosedAndNothingOfTheirsRemains() throws Exception {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String token = TestJwt.forUser(user);
        send(Topics.RESUMES, UUID.randomUUID().toString(), "ResumeSaved", resume(user));
        send(Topics.RESUMES, UUID.randomUUID().toString(), "ResumeSaved", resume(other));
        await().atMost(Duration.ofSeconds(30)).until(() -> resumesOf(user) == 1 && resumesOf(other) == 1);
        Socket open = connect(URI.create(base()), token);
        open.socket.sendText("{\"type\":\"dance\"}", true).join(); // the connection is live (error frame back)
        await().atMost(Duration.ofSeconds(10)).until(() -> !open.frames.isEmpty());

        send(Topics.USERS, user.toString(), "UserDeleted", Map.of("userId", user.toString(),
                "deletedAt", Instant.now().toString()));
        long sent = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(token, user) == 401);
        long refusedMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("ai-service: deleted user's token refused " + refusedMs + " ms after UserDeleted");
        assertTrue(refusedMs < 5000);

        // the open connection got an error frame and was closed; a new one is refused at the upgrade
        await().atMost(Duration.ofSeconds(5)).until(() -> open.closeCode == 1008);
        assertTrue(open.frames.stream().anyMatch(f -> f.contains("UNAUTHENTICATED")), open.frames.toString());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> connect(URI.create(base()), token));
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        Socket byQuery = connect(URI.create(base() + "?token=" + token), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> byQuery.frames.stream()
                .anyMatch(f -> f.contains("UNAUTHENTICATED")));

        assertEquals(200, status(TestJwt.forUser(other), other));
        assertEquals(0L, resumesOf(user));
        assertEquals(1L, resumesOf(other));

        // a ResumeSaved of that user arriving after the deletion is processed and stores nothing
        String late = send(Topics.RESUMES, UUID.randomUUID().toString(), "ResumeSaved", resume(user));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestData.mongo(() -> inbox.processedCount("ai-service", late)) == 1L);
        assertEquals(0L, resumesOf(user), "a late ResumeSaved stored nothing");
    }

    @Test
    void aResumeSavedJustBeforeTheDeletionDoesNotSurviveIt() throws Exception {
        // ResumeSaved and UserDeleted travel on different topics: whichever consumer runs first, nothing remains
        List<UUID> users = new java.util.ArrayList<>();
        List<String> resumeEvents = new java.util.ArrayList<>();
        List<String> deleteEvents = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            resumeEvents.add(send(Topics.RESUMES, UUID.randomUUID().toString(), "ResumeSaved", resume(user)));
            deleteEvents.add(send(Topics.USERS, user.toString(), "UserDeleted", Map.of("userId", user.toString())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> resumeEvents.stream().allMatch(this::processed)
                && deleteEvents.stream().allMatch(this::processed));
        for (UUID user : users) {
            assertEquals(0L, resumesOf(user), "resume of " + user);
        }
    }

    @Test
    void aWriteStraddlingTheTombstoneIsErasedAndRefused() {
        UUID user = UUID.randomUUID();
        // the write runs, and the account is deleted (tombstone only) before the write finished
        UnauthenticatedException refused = assertThrows(UnauthenticatedException.class, () -> TestData.mongo(
                () -> deletedAccounts.guardWrite(user, () -> usageEntry(user).persist()
                        .chain(() -> mongo.getDatabase(database).getCollection(MongoDeletedAccounts.COLLECTION)
                                .insertOne(new Document("_id", user.toString()).append("deletedAt", new java.util.Date())))
                        .replaceWith("written"))));
        assertEquals(DeletedAccounts.DELETED, refused.getMessage());
        assertEquals(0L, (long) TestData.<Long> mongo(() -> AiOutputDoc.count(new Document("userId",
                user.toString()))), "what the straddling write stored was erased");
        // and once deleted, nothing is even attempted
        assertThrows(UnauthenticatedException.class, () -> TestData.mongo(
                () -> deletedAccounts.guardWrite(user, () -> usageEntry(user).persist())));
        assertEquals(0L, (long) TestData.<Long> mongo(() -> AiOutputDoc.count(new Document("userId",
                user.toString()))));
    }

    private static AiOutputDoc usageEntry(UUID user) {
        AiOutputDoc call = new AiOutputDoc();
        call.id = UUID.randomUUID().toString();
        call.userId = user.toString();
        call.at = Instant.now();
        return call;
    }

    private boolean processed(String eventId) {
        return TestData.mongo(() -> inbox.processedCount("ai-service", eventId)) == 1L;
    }

    private long resumesOf(UUID user) {
        return TestData.<Long> mongo(() -> ResumeDoc.count(new Document("userId", user.toString())));
    }

    private static int status(String token, UUID user) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("query", TERMS, "variables", Map.of("u", user.toString())))
                .post("/graphql").statusCode();
    }

    private static Map<String, Object> resume(UUID user) {
        return Map.of("resumeId", UUID.randomUUID().toString(), "userId", user.toString(), "title", "CV",
                "source", "PASTE", "isDefault", true, "text", "Java developer", "updatedAt", Instant.now().toString());
    }

    private String send(String topic, String key, String type, Object data) throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/aspaire/test");
        event.put("type", type);
        event.put("subject", key);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        Properties p = new Properties();
        p.put("bootstrap.servers", LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, mapper.writeValueAsString(event))).get();
        }
        return id;
    }

    private String base() {
        return "ws://" + ws.getHost() + ":" + ws.getPort() + ws.getPath();
    }

    private static Socket connect(URI target, String bearer) throws Exception {
        Socket listener = new Socket();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        listener.socket = builder.buildAsync(target, listener).get();
        return listener;
    }

    /** Records text frames and the close code. */
    static final class Socket implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode = -1;
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
