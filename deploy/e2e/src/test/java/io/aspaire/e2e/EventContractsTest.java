package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Events are contracts (issue 13, "Event contracts as schemas"): every event type has a JSON Schema with an example in
 * {@code docs/events/schemas/}, kept in step with {@code docs/events.md}, and
 * <ol>
 * <li>docs/events.md and the schemas name the same types on the same topics with the same fields;</li>
 * <li>every record the running suite produced during the journey and the hostile-input suite (every producer, through
 * its outbox, on the real broker) is a valid envelope whose data matches its type's schema: a producer whose payload
 * drifts from its schema fails the build;</li>
 * <li>every consumer applies each schema's example: the examples are published as CloudEvents and every consumer
 * group of the topic moves past them without sending any of them to the dead-letter topic.</li>
 * </ol>
 * Runs after the journey, the hostile-input suite and the restart drill, so that all the events they caused are on
 * the broker.
 */
@Order(5)
@ExtendWith(RunningSuite.Started.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventContractsTest {

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    static final Pattern KAFKA = Pattern.compile("\\[local-stack\\] Kafka:.* on (\\S+:\\d+)\\s*$");
    static final Pattern TOPIC_ROW = Pattern.compile("^\\| `(aspaire\\.[a-z]+\\.v1)` \\|[^|]*\\| ([^|]+) \\| ([^|]+) \\|");
    static final Pattern BULLET = Pattern.compile("^- \\*\\*(\\w+)\\*\\*");
    static final Pattern QUOTED = Pattern.compile("\"([A-Za-z]+)(?:\\|null)?\"");

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    record Contract(String type, String topic, JsonNode schemaJson, JsonSchema schema) {
        JsonNode example() {
            return schemaJson.get("examples").get(0);
        }
    }

    static Path docs() {
        return RunningSuite.root.resolve("docs");
    }

    static Map<String, Contract> contracts() {
        Map<String, Contract> contracts = new TreeMap<>();
        try (Stream<Path> files = Files.list(docs().resolve("events/schemas"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList()) {
                String type = file.getFileName().toString().replace(".schema.json", "");
                if (type.equals("envelope")) {
                    continue;
                }
                JsonNode json = JSON.readTree(file.toFile());
                contracts.put(type, new Contract(type, json.path("x-aspaire-topic").asText(), json,
                        FACTORY.getSchema(json, CONFIG)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contracts;
    }

    static JsonSchema envelope() throws IOException {
        return FACTORY.getSchema(JSON.readTree(docs().resolve("events/schemas/envelope.schema.json").toFile()), CONFIG);
    }

    static List<String> problems(JsonSchema schema, JsonNode value) {
        return schema.validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** All property names of a schema, nested objects and array items included. */
    static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fields().forEachRemaining(field -> {
            names.add(field.getKey());
            names.addAll(propertyNames(field.getValue()));
            names.addAll(propertyNames(field.getValue().path("items")));
        });
        return names;
    }

    // --------------------------------------------------------------------------------------------------------------
    // 1. docs/events.md and the schemas say the same
    // --------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theSchemasAndDocsEventsMdDescribeTheSameEvents() throws IOException {
        List<String> lines = Files.readAllLines(docs().resolve("events.md"));
        Map<String, String> topicOfType = new TreeMap<>();
        for (String line : lines) {
            Matcher row = TOPIC_ROW.matcher(line);
            if (row.find()) {
                for (String type : row.group(2).split(",")) {
                    topicOfType.put(type.trim(), row.group(1));
                }
            }
        }
        // each "- **Type**" bullet up to the next bullet or heading: the quoted field names
        Map<String, Set<String>> fieldsOfType = new TreeMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            Matcher bullet = BULLET.matcher(line);
            if (bullet.find() || line.startsWith("#")) {
                if (current != null) {
                    fieldsOfType.put(current, quoted(text.toString()));
                }
                current = bullet.find(0) ? bullet.group(1) : null;
                text.setLength(0);
            }
            if (current != null) {
                text.append(line).append('\n');
                Matcher same = Pattern.compile("same shape as (\\w+)").matcher(line);
                if (same.find() && fieldsOfType.containsKey(same.group(1))) {
                    text.append(String.join(" ", fieldsOfType.get(same.group(1)).stream().map(f -> "\"" + f + "\"")
                            .toList()));
                }
            }
        }
        Map<String, Contract> contracts = contracts();
        assertEquals(topicOfType.keySet(), contracts.keySet(),
                "docs/events.md's topic table and docs/events/schemas/ must name the same event types");
        List<String> mismatches = new ArrayList<>();
        for (Contract contract : contracts.values()) {
            if (!contract.topic().equals(topicOfType.get(contract.type()))) {
                mismatches.add(contract.type() + ": schema says topic " + contract.topic() + ", docs/events.md says "
                        + topicOfType.get(contract.type()));
            }
            Set<String> documented = fieldsOfType.getOrDefault(contract.type(), Set.of());
            Set<String> declared = propertyNames(contract.schemaJson());
            if (!documented.equals(declared)) {
                mismatches.add(contract.type() + ": docs/events.md lists " + documented + ", the schema declares "
                        + declared);
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        System.out.printf("[e2e] event contracts: %d types, docs/events.md and docs/events/schemas agree%n",
                contracts.size());
    }

    private static Set<String> quoted(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            // enum value lists ("LOCAL|GITHUB|GOOGLE") are not field names; "userId|null" is the field userId
            if (!m.group(1).equals(m.group(1).toUpperCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    @Order(2)
    void everySchemaAcceptsItsOwnExample() throws IOException {
        JsonSchema envelope = envelope();
        JsonNode envelopeJson = JSON.readTree(docs().resolve("events/schemas/envelope.schema.json").toFile());
        assertEquals(List.of(), problems(envelope, envelopeJson.get("examples").get(0)), "envelope example");
        for (Contract contract : contracts().values()) {
            assertEquals(List.of(), problems(contract.schema(), contract.example()), contract.type() + " example");
            // and the schema is strict enough to catch drift: an extra field and a missing field are both refused
            ObjectNode extra = contract.example().deepCopy();
            extra.put("addedWithoutItsSchema", 1);
            assertTrue(!problems(contract.schema(), extra).isEmpty(), contract.type() + " accepts an unknown field");
            ObjectNode missing = contract.example().deepCopy();
            missing.remove(missing.fieldNames().next());
            assertTrue(!problems(contract.schema(), missing).isEmpty(), contract.type() + " accepts a missing field");
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // 2. what the producers really sent matches the schemas
    // --------------------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void everyRecordTheSuiteProducedMatchesItsSchema() throws IOException {
        Map<String, Contract> contracts = contracts();
        JsonSchema envelope = envelope();
        Set<String> topics = contracts.values().stream().map(Contract::topic).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Integer> seen = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(topics)) {
            JsonNode event = JSON.readTree(record.value());
            String type = event.path("type").asText();
            seen.merge(type, 1, Integer::sum);
            List<String> wrong = new ArrayList<>(problems(envelope, event));
            Contract contract = contracts.get(type);
            if (contract == null) {
                wrong.add("no schema for type " + type);
            } else {
                if (!contract.topic().equals(record.topic())) {
                    wrong.add("on " + record.topic() + ", its schema says " + contract.topic());
                }
                wrong.addAll(problems(contract.schema(), event.path("data")));
            }
            if (!event.path("subject").asText().equals(record.key())) {
                wrong.add("the record key " + record.key() + " is not the subject");
            }
            if (!wrong.isEmpty() && violations.size() < 20) {
                violations.add(record.topic() + "@" + record.offset() + " " + type + ": " + wrong);
            }
        }
        System.out.println("[e2e] records on the broker checked against their schemas: " + seen);
        assertTrue(violations.isEmpty(), "records that break their contract:\n" + String.join("\n", violations));
        // the journey and the hostile-input suite make every producer emit: a silent producer is not "valid"
        for (String type : List.of("UserRegistered", "UserDeleted", "PreferencesChanged", "ResumeSaved", "JobIngested",
                "IngestionCompleted", "ApplicationSaved", "StageChanged", "SearchTermsGenerated")) {
            assertTrue(seen.getOrDefault(type, 0) > 0, "no " + type + " record was produced; seen: " + seen);
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // 3. every consumer applies each schema's example
    // --------------------------------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void everyConsumerAppliesEachSchemasExampleWithoutDeadLettering() throws Exception {
        Map<String, Contract> contracts = contracts();
        Map<String, String> eventIdOfType = new TreeMap<>();
        Map<TopicPartition, Long> published = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (Contract contract : contracts.values()) {
                String id = UUID.randomUUID().toString();
                String subject = subjectOf(contract);
                ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id)
                        .put("source", "/aspaire/" + contract.schemaJson().path("x-aspaire-producer").asText())
                        .put("type", contract.type()).put("subject", subject).put("time", Instant.now().toString())
                        .put("datacontenttype", "application/json");
                event.set("data", contract.example());
                ProducerRecord<String, String> record = new ProducerRecord<>(contract.topic(), subject,
                        JSON.writeValueAsString(event));
                record.headers().add("content-type", "application/cloudevents+json".getBytes());
                RecordMetadata sent = producer.send(record).get();
                published.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset(), Math::max);
                eventIdOfType.put(contract.type(), id);
            }
        }
        // every consumer group reading one of these partitions commits past the example: it has handled it
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        Map<String, Set<TopicPartition>> groupsOfPartitions = new TreeMap<>();
        try (Admin admin = Admin.create(adminProps)) {
            await("every consumer group moves past the published examples").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        groupsOfPartitions.clear();
                        boolean done = true;
                        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                                    .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                            for (Map.Entry<TopicPartition, Long> p : published.entrySet()) {
                                OffsetAndMetadata committed = offsets.get(p.getKey());
                                if (committed != null) {
                                    groupsOfPartitions.computeIfAbsent(group.groupId(), g -> new TreeSet<>(
                                            java.util.Comparator.comparing(TopicPartition::toString))).add(p.getKey());
                                    done &= committed.offset() > p.getValue();
                                }
                            }
                        }
                        return done;
                    });
        }
        assertTrue(!groupsOfPartitions.isEmpty(), "no consumer group reads the event topics");
        // none of the examples went to a dead-letter topic
        Set<String> dlqs = published.keySet().stream().map(tp -> tp.topic() + ".dlq").collect(Collectors.toSet());
        List<String> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(dlqs)) {
            eventIdOfType.forEach((type, id) -> {
                if (record.value() != null && record.value().contains(id)) {
                    deadLettered.add(type + " on " + record.topic() + ": "
                            + new String(record.headers().lastHeader("dead-letter-reason") == null ? new byte[0]
                                    : record.headers().lastHeader("dead-letter-reason").value()));
                }
            });
        }
        System.out.println("[e2e] schema examples applied by every consumer group: " + groupsOfPartitions.keySet());
        assertTrue(deadLettered.isEmpty(), "examples a consumer could not apply:\n" + String.join("\n", deadLettered));
    }

    /** The aggregate id the example is about, which is the record key (docs/events.md's "key" column). */
    private static String subjectOf(Contract contract) {
        JsonNode data = contract.example();
        for (String field : List.of("runId", "reminderId", "applicationId", "resumeId", "jobId", "userId")) {
            if (data.hasNonNull(field) && contract.schemaJson().path("description").asText()
                    .contains("the " + field.replace("Id", "") + " id")) {
                return data.get(field).asText();
            }
        }
        return data.path("userId").asText();
    }

    // --------------------------------------------------------------------------------------------------------------

    static String bootstrap() {
        for (String line : List.copyOf(RunningSuite.output)) {
            Matcher m = KAFKA.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("the launcher did not print its Kafka broker");
    }

    /** Every record of the topics, from the beginning to the end offsets read at the start (topics may be absent). */
    static List<ConsumerRecord<String, String>> readAll(Set<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topics.contains(topic)) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(Instant.now().isBefore(deadline), "reading " + topics + " took over 60 s");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
