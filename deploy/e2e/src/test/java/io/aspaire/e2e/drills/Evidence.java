package io.aspaire.e2e.drills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

/**
 * What the suite holds, read from outside the services: every CloudEvent on the broker (each copy), the PostgreSQL
 * databases (sources of truth and inbox tables) and ai-service's MongoDB. The addresses come from the running
 * launcher's {@code launcher.lock} (what a refused start would print).
 */
public final class Evidence implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> TOPICS = List.of("aspaire.users.v1", "aspaire.preferences.v1",
            "aspaire.resumes.v1", "aspaire.jobs.v1", "aspaire.applications.v1", "aspaire.reminders.v1",
            "aspaire.ai.v1");

    /**
     * Which consumer applies which event types (docs/events.md, and each service's EventHandlers): each of these
     * events on the broker must be recorded exactly once in that consumer's inbox.
     */
    public static final Map<String, Set<String>> CONSUMES = Map.of(
            "job-service", Set.of("PreferencesChanged", "SearchTermsGenerated", "UserDeleted"),
            "pipeline-service", Set.of("JobIngested", "JobUpdated", "UserDeleted"),
            "ai-service", Set.of("JobIngested", "JobUpdated", "ResumeSaved", "ResumeDeleted", "UserDeleted"));
    static final Map<String, String> DATABASE = Map.of("job-service", "jobs", "pipeline-service", "pipeline",
            "user-service", "users");

    /** One copy of an event on the broker. */
    public record Event(String topic, int partition, long offset, Instant timestamp, String id, String type,
            String key, JsonNode data) {
    }

    private final String postgres;
    private final String kafka;
    private final MongoClient mongo;

    public Evidence(Path dataDir) throws IOException {
        Map<String, String> facts = new HashMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("launcher.lock"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        this.postgres = facts.get("postgresql");
        this.kafka = facts.get("kafka");
        this.mongo = MongoClients.create(facts.get("mongodb"));
    }

    // ------------------------------------------------------------------------------------------------------------
    // the broker
    // ------------------------------------------------------------------------------------------------------------

    /** Every record of the suite's topics, from the beginning, as CloudEvents. */
    public List<Event> events() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<Event> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the topics to their end in 60 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(r.value());
                    events.add(new Event(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                            event.path("id").asText(), event.path("type").asText(), r.key(), event.path("data")));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a record on the suite's topics is not JSON", e);
        }
        return events;
    }

    /** Distinct event ids per type (and the copies beyond one, in brackets), for the report. */
    public static Map<String, String> produced(List<Event> events) {
        Map<String, Map<String, Integer>> byType = new TreeMap<>();
        events.forEach(e -> byType.computeIfAbsent(e.type(), t -> new HashMap<>()).merge(e.id(), 1, Integer::sum));
        Map<String, String> out = new LinkedHashMap<>();
        byType.forEach((type, ids) -> {
            int copies = ids.values().stream().mapToInt(Integer::intValue).sum();
            out.put(type, ids.size() + (copies > ids.size() ? " (+" + (copies - ids.size()) + " re-sent)" : ""));
        });
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // the stores
    // ------------------------------------------------------------------------------------------------------------

    /** Rows of {@code sql} in the database of {@code service}, each a column-name -> value map. */
    public List<Map<String, Object>> rows(String service, String sql, Object... args) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + postgres + "/"
                + DATABASE.get(service), "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** How many times each event id is recorded in {@code consumer}'s inbox. */
    public Map<String, Integer> inbox(String consumer) {
        Map<String, Integer> counts = new HashMap<>();
        if (consumer.equals("ai-service")) {
            for (Document d : mongo.getDatabase("ai").getCollection("processed_events")
                    .find(Filters.eq("consumer", consumer))) {
                counts.merge(d.getString("eventId"), 1, Integer::sum);
            }
            return counts;
        }
        for (Map<String, Object> row : rows(consumer, "select event_id from processed_events where consumer = ?",
                consumer)) {
            counts.merge((String) row.get("event_id"), 1, Integer::sum);
        }
        return counts;
    }

    /** ai-service's documents of {@code collection} by id. */
    public Map<String, Document> aiDocuments(String collection) {
        Map<String, Document> docs = new HashMap<>();
        for (Document d : mongo.getDatabase("ai").getCollection(collection).find()) {
            docs.put(String.valueOf(d.get("_id")), d);
        }
        return docs;
    }

    /**
     * The inbox check: every event on the broker that a consumer applies is recorded exactly once in its inbox.
     * Returns the problems (empty when none), and fills {@code applied} with the records per consumer.
     */
    public List<String> appliedExactlyOnce(List<Event> events, Map<String, Integer> applied) {
        List<String> problems = new ArrayList<>();
        CONSUMES.forEach((consumer, types) -> {
            Map<String, Integer> inbox = inbox(consumer);
            Set<String> expected = events.stream().filter(e -> types.contains(e.type())).map(Event::id)
                    .collect(Collectors.toSet());
            int missing = 0;
            for (String id : expected) {
                int times = inbox.getOrDefault(id, 0);
                if (times != 1) {
                    if (times > 1 || missing++ < 5) {
                        problems.add(consumer + " recorded event " + id + " " + times + " times");
                    }
                }
            }
            if (missing > 5) {
                problems.add(consumer + ": " + missing + " events not recorded in all");
            }
            applied.put(consumer, expected.size());
        });
        return problems;
    }

    @Override
    public void close() {
        mongo.close();
    }
}
