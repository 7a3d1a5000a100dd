package io.aspaire.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** The test infrastructure is made of real servers: each one answers its own protocol. */
class InfrastructureTest {

    private final Infrastructure infra = LocalStackTestResource.infrastructure();

    @Test
    void postgresHasOneDatabasePerServiceAndStoresRows() throws Exception {
        var pg = infra.postgres;
        for (String db : Infrastructure.DATABASES) {
            try (Connection c = DriverManager.getConnection(
                    "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db, pg.user(), pg.password());
                    Statement s = c.createStatement()) {
                s.execute("create table probe (id int primary key, name text)");
                s.execute("insert into probe values (1, '" + db + "')");
                try (ResultSet rs = s.executeQuery("select name, version() from probe")) {
                    assertTrue(rs.next());
                    assertEquals(db, rs.getString(1));
                    assertTrue(rs.getString(2).startsWith("PostgreSQL 17"), rs.getString(2));
                }
                s.execute("drop table probe");
            }
        }
    }

    @Test
    void kafkaBrokerRoundTripsARecord() throws Exception {
        String topic = "aspaire.probe." + UUID.randomUUID();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key-1", "{\"hello\":\"kafka\"}")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "probe");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(received::add);
            }
            assertEquals(KafkaBroker.PARTITIONS, consumer.partitionsFor(topic).size());
        }
        assertEquals(1, received.size());
        assertEquals("key-1", received.get(0).key());
        assertEquals("{\"hello\":\"kafka\"}", received.get(0).value());
    }

    @Test
    void mongoServerStoresAndFindsDocuments() {
        try (MongoClient client = MongoClients.create(infra.mongoConnectionString)) {
            var collection = client.getDatabase("probe").getCollection("docs");
            collection.insertOne(new Document("_id", "a").append("n", 1));
            Document found = collection.find(new Document("_id", "a")).first();
            assertEquals(1, found.getInteger("n"));
        }
    }

    @Test
    void serviceEnvironmentNamesEveryServer() {
        Map<String, String> env = infra.serviceEnvironment();
        assertEquals(Integer.toString(infra.postgres.port()), env.get("DB_PORT"));
        assertEquals(infra.kafkaBootstrapServers, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(infra.mongoConnectionString, env.get("MONGODB_URI"));
        assertTrue(env.get("ASPAIRE_JWT_PUBLIC_KEY_LOCATION").startsWith("file:"));
    }
}
