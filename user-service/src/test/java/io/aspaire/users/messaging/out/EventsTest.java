package io.aspaire.users.messaging.out;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.users.support.Api;
import io.aspaire.users.support.Documents;
import io.aspaire.users.api.PreferencesTest;
import io.aspaire.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The events as other services read them: from the real broker, with a raw KafkaConsumer, checking the CloudEvents
 * envelope (docs/events.md) and the data fields.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class EventsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @Test
    void resumeSavedPreferencesChangedAndUserEventsArriveWithTheDocumentedEnvelope() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Api.Session user = Api.newUser("events");
            String resumeId = user.auth()
                    .multiPart("file", "cv.pdf", Documents.pdf("Event Person", "Kafka expert"), "application/pdf")
                    .post("/resumes").then().statusCode(201).extract().path("id");
            user.auth().contentType(ContentType.JSON).body(PreferencesTest.sample())
                    .put("/preferences").then().statusCode(200);
            user.auth().delete("/resumes/" + resumeId).then().statusCode(204);
            user.auth().contentType(ContentType.JSON).body(Map.of("displayName", "Renamed"))
                    .put("/user/me").then().statusCode(200);
            user.auth().delete("/user/me").then().statusCode(204);
            String userId = user.id().toString();

            JsonNode saved = awaitEvent(consumer, "aspaire.resumes.v1", resumeId, "ResumeSaved");
            JsonNode data = saved.get("data");
            assertEquals(resumeId, data.get("resumeId").asText());
            assertEquals(userId, data.get("userId").asText());
            assertEquals("cv", data.get("title").asText());
            assertEquals("UPLOAD", data.get("source").asText());
            assertTrue(data.get("isDefault").asBoolean());
            assertTrue(data.get("text").asText().contains("Kafka expert"), data.toString());
            OffsetDateTime.parse(data.get("updatedAt").asText());

            JsonNode deleted = awaitEvent(consumer, "aspaire.resumes.v1", resumeId, "ResumeDeleted");
            assertEquals(Map.of("resumeId", resumeId, "userId", userId),
                    mapper.convertValue(deleted.get("data"), Map.class));

            JsonNode prefs = awaitEvent(consumer, "aspaire.preferences.v1", userId, "PreferencesChanged").get("data");
            assertEquals(userId, prefs.get("userId").asText());
            assertEquals(List.of("Backend Engineer", "Platform Engineer"),
                    mapper.convertValue(prefs.get("jobTitles"), List.class));
            assertEquals(List.of("Berlin", "Remote"), mapper.convertValue(prefs.get("locations"), List.class));
            assertEquals(List.of("Java", "Kafka"), mapper.convertValue(prefs.get("skills"), List.class));
            assertEquals(List.of("Fintech"), mapper.convertValue(prefs.get("industries"), List.class));
            assertEquals("HYBRID", prefs.get("remote").asText());
            assertEquals(70000, prefs.get("salaryMin").asInt());
            assertEquals(95000, prefs.get("salaryMax").asInt());
            assertEquals("EUR", prefs.get("salaryCurrency").asText());
            assertEquals(List.of("FULL_TIME", "CONTRACT"), mapper.convertValue(prefs.get("jobTypes"), List.class));
            assertFalse(prefs.get("notifications").get("email").asBoolean());
            assertTrue(prefs.get("notifications").get("reminders").asBoolean());
            assertEquals(50, prefs.get("pageSize").asInt());
            assertEquals(mapper.readTree("[{\"ats\": \"GREENHOUSE\", \"board\": \"acme\", \"company\": \"Acme\"},"
                    + " {\"ats\": \"LEVER\", \"board\": \"acme-labs\", \"company\": null}]"), prefs.get("watchedCompanies"));
            OffsetDateTime.parse(prefs.get("updatedAt").asText());

            JsonNode registered = awaitEvent(consumer, "aspaire.users.v1", userId, "UserRegistered").get("data");
            assertEquals(user.email().toLowerCase(), registered.get("email").asText());
            assertEquals("LOCAL", registered.get("authProvider").asText());
            assertEquals("events", registered.get("displayName").asText());
            OffsetDateTime.parse(registered.get("registeredAt").asText());
            assertEquals("Renamed",
                    awaitEvent(consumer, "aspaire.users.v1", userId, "UserUpdated").get("data").get("displayName")
                            .asText());
            JsonNode gone = awaitEvent(consumer, "aspaire.users.v1", userId, "UserDeleted").get("data");
            assertEquals(userId, gone.get("userId").asText());
            OffsetDateTime.parse(gone.get("deletedAt").asText());
        }
    }

    /** Waits for the event and checks the envelope: specversion, id, type, source, subject = key, header. */
    private JsonNode awaitEvent(KafkaConsumer<String, String> consumer, String topic, String key, String type)
            throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return find(topic, key, type).isPresent();
        });
        ConsumerRecord<String, String> record = find(topic, key, type).orElseThrow();
        JsonNode event = mapper.readTree(record.value());
        assertEquals("1.0", event.get("specversion").asText());
        UUID.fromString(event.get("id").asText());
        assertEquals(type, event.get("type").asText());
        assertEquals("/aspaire/user-service", event.get("source").asText());
        assertEquals(key, event.get("subject").asText());
        assertEquals("application/json", event.get("datacontenttype").asText());
        OffsetDateTime.parse(event.get("time").asText());
        assertEquals("application/cloudevents+json",
                new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
        return event;
    }

    private Optional<ConsumerRecord<String, String>> find(String topic, String key, String type) {
        return seen.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key()) && type.equals(typeOf(r)))
                .findFirst();
    }

    private String typeOf(ConsumerRecord<String, String> record) {
        try {
            return mapper.readTree(record.value()).path("type").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static final List<String> TOPICS = List.of("aspaire.users.v1", "aspaire.preferences.v1",
            "aspaire.resumes.v1");

    private static KafkaConsumer<String, String> consumer() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        // the topics may not exist yet (first use creates them); a consumer subscribed to a missing topic only sees it
        // after its next metadata refresh, so create them first (3 partitions, as docs/events.md says)
        try (Admin admin = Admin.create(props)) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "user-service-events-test-" + UUID.randomUUID());
        // earliest: events written before the assignment settles are still read
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(TOPICS);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                // records from earlier tests: not needed, the ones this test waits for come later
            });
            return consumer.assignment().stream().map(tp -> tp.topic()).distinct().count() == TOPICS.size();
        });
        return consumer;
    }
}
