package io.aspaire.ai.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.localstack.LocalStackTestResource;

/** Real events on the test broker: CloudEvents in structured JSON mode, as user- and job-service send them. */
public final class Events implements AutoCloseable {

    private final ObjectMapper mapper;
    private final KafkaProducer<String, String> producer;

    public Events(ObjectMapper mapper) {
        this.mapper = mapper;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackTestResource.infrastructure().kafkaBootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
    }

    public KafkaProducer<String, String> producer() {
        return producer;
    }

    /** Sends a new event; returns its id. */
    public String send(String topic, String type, String key, Object data) throws Exception {
        String id = UUID.randomUUID().toString();
        resend(topic, key, id, type, data);
        return id;
    }

    /** Sends an event with a given id (a redelivery). */
    public void resend(String topic, String key, String id, String type, Object data) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/aspaire/test");
        event.put("type", type);
        event.put("subject", key);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, mapper.writeValueAsString(event));
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** JobIngested/JobUpdated data as job-service sends it (docs/events/schemas/JobIngested.schema.json). */
    public static Map<String, Object> job(String jobId, String title, String description, List<String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", jobId);
        m.put("source", "REMOTIVE");
        m.put("externalId", "ext-" + jobId);
        m.put("title", title);
        m.put("company", "Acme");
        m.put("location", "Remote");
        m.put("remote", true);
        m.put("jobType", "FULL_TIME");
        m.put("salaryMin", 60000);
        m.put("salaryMax", 80000);
        m.put("salaryCurrency", "EUR");
        m.put("salaryPeriod", "YEAR");
        m.put("description", description);
        m.put("applyUrl", "https://example.com/apply");
        m.put("postedAt", "2026-11-01T00:00:00Z");
        m.put("tags", tags);
        return m;
    }

    /** ResumeSaved data. */
    public static Map<String, Object> resume(String resumeId, String userId, String text) {
        return Map.of("resumeId", resumeId, "userId", userId, "title", "CV", "source", "PASTE", "isDefault", true,
                "text", text, "updatedAt", Instant.now().toString());
    }

    @Override
    public void close() {
        producer.close();
    }
}
