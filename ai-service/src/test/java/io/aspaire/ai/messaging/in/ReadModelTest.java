package io.aspaire.ai.messaging.in;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.ConversationDoc;
import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.support.Events;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.mongodb.MongoInbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The read models are built from real events on the real broker (raw KafkaProducer, CloudEvents as in
 * docs/events.md): applied once although delivered twice, resumes deleted, and UserDeleted wipes a user's AI data.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class ReadModelTest {

    @Inject
    ObjectMapper mapper;
    @Inject
    MongoInbox inbox;

    Events events;

    @BeforeEach
    void open() {
        events = new Events(mapper);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void jobsAreUpsertedOnceAndUpdated() throws Throwable {
        String jobId = UUID.randomUUID().toString();
        String ingestedId = send(Topics.JOBS, "JobIngested", jobId, job(jobId, "Backend Engineer", "Build APIs"));
        // the broker delivers the same event twice (relay retry): applied once
        resend(Topics.JOBS, jobId, ingestedId, "JobIngested", job(jobId, "Backend Engineer", "Build APIs"));
        JobDoc stored = awaitDoc(() -> JobDoc.findById(jobId), j -> true);
        assertEquals("Backend Engineer", stored.title);
        assertEquals("Acme", stored.company);
        assertEquals(List.of("java", "kafka"), stored.tags);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestData.mongo(() -> inbox.processedCount("ai-service", ingestedId)) == 1L);
        // the effect ran once: the second delivery (processed after the first, same partition) did not count again.
        // (processedCount alone could never show it: processed_events is keyed by the unique consumer:eventId.)
        // A marker event after the duplicate proves the consumer has got past it before the count is read.
        String markerId = UUID.randomUUID().toString();
        send(Topics.JOBS, "JobIngested", markerId, job(markerId, "Marker", "after the duplicate"));
        awaitDoc(() -> JobDoc.findById(markerId), j -> true);
        assertEquals(1L, TestData.<JobDoc> mongo(() -> JobDoc.findById(jobId)).version,
                "a redelivered event is applied once");

        send(Topics.JOBS, "JobUpdated", jobId, job(jobId, "Backend Engineer", "Build APIs and pipelines"));
        JobDoc updated = awaitDoc(() -> JobDoc.findById(jobId), j -> ((JobDoc) j).description.contains("pipelines"));
        assertTrue(!updated.contentHash.equals(stored.contentHash), "a changed listing gets a new content hash");
        assertEquals(2L, updated.version, "JobIngested once + JobUpdated once");
        assertEquals(1L, (long) TestData.<Long> mongo(
                () -> JobDoc.count(new Document("_id", jobId))));
    }

    /** Most listings say nothing of pay (Remotive often, the boards mostly): no salary fields at all. */
    @Test
    void aListingWithoutASalaryIsStored() throws Throwable {
        String jobId = UUID.randomUUID().toString();
        Map<String, Object> data = new java.util.HashMap<>(job(jobId, "Support Engineer", "Help customers"));
        data.remove("salaryMin");
        data.remove("salaryMax");
        data.remove("salaryCurrency");
        data.remove("salaryPeriod");
        send(Topics.JOBS, "JobIngested", jobId, data);
        JobDoc stored = awaitDoc(() -> JobDoc.findById(jobId), j -> true);
        assertEquals("Support Engineer", stored.title);
        assertNull(stored.salaryTop);
    }

    @Test
    void resumesAreSavedAndDeleted() throws Throwable {
        String userId = UUID.randomUUID().toString();
        String resumeId = UUID.randomUUID().toString();
        send(Topics.RESUMES, "ResumeSaved", resumeId, resume(resumeId, userId, "Rust developer"));
        ResumeDoc stored = awaitDoc(() -> ResumeDoc.findById(resumeId), r -> true);
        assertEquals(userId, stored.userId);
        assertTrue(stored.isDefault);
        assertEquals("Rust developer", stored.text);

        send(Topics.RESUMES, "ResumeDeleted", resumeId, Map.of("resumeId", resumeId, "userId", userId));
        await().atMost(Duration.ofSeconds(15)).until(() -> TestData.mongo(() -> ResumeDoc.findById(resumeId)) == null);
    }

    @Test
    void userDeletedRemovesThatUsersAiDataOnly() throws Throwable {
        String userId = UUID.randomUUID().toString();
        String otherId = UUID.randomUUID().toString();
        String resumeId = UUID.randomUUID().toString();
        send(Topics.RESUMES, "ResumeSaved", resumeId, resume(resumeId, userId, "Python developer"));
        awaitDoc(() -> ResumeDoc.findById(resumeId), r -> true);
        for (String owner : List.of(userId, otherId)) {
            CoverLetterDoc letter = new CoverLetterDoc();
            letter.id = UUID.randomUUID().toString();
            letter.userId = owner;
            letter.text = "letter";
            TestData.mongo(() -> letter.persist());
            ConversationDoc conversation = new ConversationDoc();
            conversation.id = UUID.randomUUID().toString();
            conversation.userId = owner;
            TestData.mongo(() -> conversation.persist());
            AiOutputDoc call = new AiOutputDoc();
            call.id = UUID.randomUUID().toString();
            call.userId = owner;
            call.at = Instant.now();
            TestData.mongo(() -> call.persist());
        }

        send(Topics.USERS, "UserRegistered", otherId, Map.of("userId", otherId, "email", "x@example.com"));
        send(Topics.USERS, "UserDeleted", userId, Map.of("userId", userId, "deletedAt", Instant.now().toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> count(userId) == 0L);
        assertNull(TestData.mongo(() -> ResumeDoc.findById(resumeId)));
        assertEquals(3L, count(otherId), "another user's data stays");
    }

    @Test
    void unreadableRecordsAreDeadLetteredAndTheConsumerCarriesOn() throws Throwable {
        events.producer().send(new ProducerRecord<>(Topics.JOBS, "x", "this is not a CloudEvent")).get();
        String jobId = UUID.randomUUID().toString();
        String invalid = send(Topics.JOBS, "JobIngested", jobId, Map.of("title", "no job id"));
        send(Topics.JOBS, "JobIngested", jobId, job(jobId, "After the poison", "ok"));
        assertEquals("After the poison", this.<JobDoc> awaitDoc(() -> JobDoc.findById(jobId), j -> true).title);
        // the event without a job id is on aspaire.jobs.v1.dlq with its reason, not lost
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        props.put("group.id", "ai-dlq-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        try (var dlq = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            dlq.subscribe(List.of(Topics.JOBS + ".dlq"));
            List<String> reasons = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().contains(invalid)) {
                        reasons.add(new String(r.headers().lastHeader("dead-letter-reason").value(),
                                StandardCharsets.UTF_8));
                    }
                });
                return !reasons.isEmpty();
            });
            assertTrue(reasons.get(0).contains("job event without jobId"), reasons.get(0));
        }
    }

    private long count(String userId) {
        Document byUser = new Document("userId", userId);
        return TestData.<Long> mongo(() -> CoverLetterDoc.count(byUser))
                + TestData.<Long> mongo(() -> ConversationDoc.count(byUser))
                + TestData.<Long> mongo(() -> AiOutputDoc.count(byUser));
    }

    @SuppressWarnings("unchecked")
    private <T> T awaitDoc(java.util.function.Supplier<io.smallrye.mutiny.Uni<?>> find,
            java.util.function.Predicate<Object> ready) {
        Object[] found = new Object[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            found[0] = TestData.mongo(() -> (io.smallrye.mutiny.Uni<Object>) find.get());
            return found[0] != null && ready.test(found[0]);
        });
        return (T) found[0];
    }

    private static Map<String, Object> job(String jobId, String title, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", jobId);
        m.put("source", "REMOTIVE");
        m.put("externalId", "ext-" + jobId);
        m.put("title", title);
        m.put("company", "Acme");
        m.put("location", "Remote");
        m.put("remote", "YES");
        m.put("jobType", "FULL_TIME");
        m.put("salaryMin", 60000);
        m.put("salaryMax", 80000);
        m.put("salaryCurrency", "EUR");
        m.put("salaryPeriod", "YEAR");
        m.put("description", description);
        m.put("applyUrl", "https://example.com/apply");
        m.put("postedAt", "2026-11-01T00:00:00Z");
        m.put("tags", List.of("java", "kafka"));
        m.put("someFutureField", "ignored");
        return m;
    }

    private static Map<String, Object> resume(String resumeId, String userId, String text) {
        return Map.of("resumeId", resumeId, "userId", userId, "title", "CV", "source", "PASTE", "isDefault", true,
                "text", text, "updatedAt", Instant.now().toString());
    }

    private String send(String topic, String type, String key, Object data) throws Exception {
        return events.send(topic, type, key, data);
    }

    private void resend(String topic, String key, String id, String type, Object data) throws Exception {
        events.resend(topic, key, id, type, data);
    }
}
