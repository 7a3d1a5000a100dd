package io.aspaire.ai.service;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aspaire.ai.support.WireMockOpenAi.answer;
import static io.aspaire.ai.support.WireMockOpenAi.completion;
import static io.aspaire.ai.support.WireMockOpenAi.server;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.domain.SearchTermsDoc;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Search terms: from the default resume, stored with their event, which reaches aspaire.ai.v1 on the real broker. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class SearchTermsTest {

    static final String MUTATION = "mutation($u: ID!) { generateSearchTerms(userId: $u) { id userId resumeId titles "
            + "skills locations model } }";

    @Inject
    ReadModels readModels;
    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void reset() {
        server().resetAll();
    }

    @Test
    void termsAreGeneratedStoredAndAnnouncedOnKafka() throws Throwable {
        UUID user = UUID.randomUUID();
        ResumeDoc resume = TestData.resume(readModels, user, "Kotlin developer in Lisbon, Spring, AWS");
        server().stubFor(completion("TASK: SEARCH_TERMS").willReturn(answer("Here you go:\n```json\n{\"titles\": "
                + "[\"Kotlin Developer\", \"Backend Engineer\"], \"skills\": [\"Kotlin\", \"Spring\", \"AWS\"], "
                + "\"locations\": [\"Lisbon\", \"Remote\"]}\n```")));

        try (KafkaConsumer<String, String> topic = reader()) {
            String termsId = TestData.graphql(user, MUTATION, Map.of("u", user.toString()))
                    .body("errors", nullValue())
                    .body("data.generateSearchTerms.userId", equalTo(user.toString()))
                    .body("data.generateSearchTerms.resumeId", equalTo(resume.id))
                    .body("data.generateSearchTerms.titles", contains("Kotlin Developer", "Backend Engineer"))
                    .body("data.generateSearchTerms.skills", contains("Kotlin", "Spring", "AWS"))
                    .body("data.generateSearchTerms.locations", contains("Lisbon", "Remote"))
                    .extract().path("data.generateSearchTerms.id");
            server().verify(1, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));

            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                topic.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (user.toString().equals(r.key())) {
                        mine.add(r);
                    }
                });
                return !mine.isEmpty();
            });
            JsonNode event = mapper.readTree(mine.get(0).value());
            assertEquals("SearchTermsGenerated", event.get("type").asText());
            assertEquals("/aspaire/ai-service", event.get("source").asText());
            assertEquals(user.toString(), event.get("subject").asText());
            JsonNode data = event.get("data");
            assertEquals(termsId, data.get("termsId").asText());
            assertEquals(resume.id, data.get("resumeId").asText());
            assertEquals("Kotlin Developer", data.get("titles").get(0).asText());
            assertEquals("gpt-test", data.get("model").asText());
            assertNotNull(data.get("generatedAt").asText());

            // the relay marked it sent in the same document
            await().atMost(Duration.ofSeconds(10)).until(() -> TestData.<SearchTermsDoc> mongo(() -> SearchTermsDoc.findById(termsId)).outbox.sentAt != null);
        }
        TestData.graphql(user, "query($u: ID!) { latestSearchTerms(userId: $u) { resumeId titles } }",
                Map.of("u", user.toString()))
                .body("data.latestSearchTerms.resumeId", equalTo(resume.id));
    }

    @Test
    void anotherUsersTermsAndUsageAreForbidden() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TestData.graphql(other, MUTATION, Map.of("u", owner.toString()))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        TestData.graphql(other, "query($u: ID!) { latestSearchTerms(userId: $u) { id } }", Map.of("u", owner.toString()))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        TestData.graphql(other, "query($u: ID!) { aiUsage(userId: $u) { calls } }", Map.of("u", owner.toString()))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        TestData.graphql(owner, "query($u: ID!) { aiUsage(userId: $u, size: 1000) { calls } }",
                Map.of("u", owner.toString()))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        server().verify(0, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
    }

    @Test
    void noResumeIsNotFound() {
        UUID user = UUID.randomUUID();
        TestData.graphql(user, MUTATION, Map.of("u", user.toString()))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", containsString("no resume"));
    }

    @Test
    void theHourlyLimitStopsModelCallsWithAClearError() throws Throwable {
        UUID user = UUID.randomUUID();
        TestData.resume(readModels, user, "Go developer");
        for (int i = 0; i < 25; i++) { // the test limit (aspaire.ai.calls-per-hour=25) used up this hour
            AiOutputDoc call = new AiOutputDoc();
            call.id = UUID.randomUUID().toString();
            call.userId = user.toString();
            call.feature = "SUMMARY";
            call.model = "gpt-test";
            call.outcome = "OK";
            call.at = Instant.now().minusSeconds(60);
            TestData.mongo(() -> call.persist());
        }
        TestData.graphql(user, MUTATION, Map.of("u", user.toString()))
                .body("errors[0].extensions.code", equalTo("TOO_MANY_REQUESTS"))
                .body("errors[0].message", containsString("25 model calls per hour"));
        server().verify(0, postRequestedFor(urlEqualTo(WireMockOpenAi.PATH)));
    }

    private KafkaConsumer<String, String> reader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "search-terms-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.AI));
        return consumer;
    }
}
