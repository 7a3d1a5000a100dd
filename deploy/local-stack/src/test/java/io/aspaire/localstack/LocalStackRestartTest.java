package io.aspaire.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local stack's launcher ({@code LocalStackMain infra}, persistent data, real processes) as users meet it: a second
 * start on the same data folder while it runs, a server of it killed with SIGKILL, the launcher itself killed hard and
 * started again, and a launcher that must give up. One launcher serves the first three tests (they run in order);
 * the fourth kills it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackRestartTest {

    private static final Pattern DIED = Pattern.compile("\\[local-stack\\] (\\S+) \\(pid (\\d+)\\) died unexpectedly");

    static Path data;
    static Launched first;
    static Launched second;
    static Launched third;

    @BeforeAll
    static void startLauncher() throws Exception {
        data = Files.createTempDirectory("aspaire-restart");
        first = launch(data);
        try (Connection c = connect(first.env); Statement s = c.createStatement()) {
            s.execute("create table restart_probe (note text)");
            s.execute("insert into restart_probe values ('survives a crash')");
        }
    }

    @AfterAll
    static void stopLaunchersAndDeleteTheirData() throws Exception {
        for (Launched launched : new Launched[] {first, second, third}) {
            if (launched != null && launched.process.isAlive()) {
                launched.process.descendants().forEach(ProcessHandle::destroyForcibly);
                launched.process.destroyForcibly();
                launched.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        // a test that failed half-way may leave a hard-killed launcher's PostgreSQL running
        ChildProcesses.stopPidFile(data.resolve("postgres/postmaster.pid"), Duration.ofSeconds(20));
        try (var paths = Files.walk(data)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    @Order(1)
    void aSecondLauncherOnTheSameFolderRefusesAndTheFirstKeepsServing() throws Exception {
        long kafka = pid(data.resolve("pids/kafka.pid"));
        long postmaster = pid(data.resolve("postgres/postmaster.pid"));

        Launched refused = start(data, Map.of());
        assertTrue(refused.process.waitFor(60, TimeUnit.SECONDS), "the second launcher must give up at once");
        String output = String.join("\n", refused.output);
        assertEquals(LocalStackMain.EXIT_FOLDER_IN_USE, refused.process.exitValue(), output);
        assertTrue(output.contains("[local-stack] refused: the data folder " + data
                + " is in use by a running launcher (pid " + first.process.pid()), output);
        assertTrue(output.contains("kafka: " + first.env.get("KAFKA_BOOTSTRAP_SERVERS")), output);
        assertTrue(output.contains("postgresql: localhost:" + first.env.get("DB_PORT")), output);
        assertFalse(output.contains("left by an earlier run") || output.contains("stopping stale"),
                "the refused launcher stopped something:\n" + output);

        // the first launcher's processes were not touched, and its servers still answer
        assertTrue(first.process.isAlive());
        assertEquals(kafka, pid(data.resolve("pids/kafka.pid")));
        assertEquals(postmaster, pid(data.resolve("postgres/postmaster.pid")));
        assertTrue(ProcessHandle.of(kafka).map(ChildProcesses::isRunning).orElse(false), "Kafka broker");
        assertTrue(ProcessHandle.of(postmaster).map(ChildProcesses::isRunning).orElse(false), "PostgreSQL");
        assertEquals("survives a crash", probeNote(first.env));
        produce(first.env, "aspaire.launcher.probe", "before the broker was killed");
        assertFalse(String.join("\n", first.output).contains("died unexpectedly"), String.join("\n", first.output));
    }

    @Test
    @Order(2)
    void aKilledBrokerIsReportedAndRestartedWithItsData() throws Exception {
        long kafka = pid(data.resolve("pids/kafka.pid"));
        ProcessHandle.of(kafka).orElseThrow().destroyForcibly(); // SIGKILL

        first.awaitLine("[local-stack] kafka (pid " + kafka + ") died unexpectedly (exit code 137); its log: "
                + data.resolve("logs/kafka.log"));
        first.awaitLine("[local-stack] restarting kafka in 1 s (restart 1 of 3)");
        String restarted = first.awaitLine("[local-stack] kafka restarted (pid ");
        assertFalse(restarted.contains("pid " + kafka + ")"), restarted);
        assertEquals(List.of("before the broker was killed"), consumeAll(first.env, "aspaire.launcher.probe"));
        produce(first.env, "aspaire.launcher.probe", "after the restart");
    }

    @Test
    @Order(3)
    void aKilledPostgresIsReportedAndRestartedWithItsData() throws Exception {
        long postmaster = pid(data.resolve("postgres/postmaster.pid"));
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL

        first.awaitLine("[local-stack] postgresql (pid " + postmaster + ") died unexpectedly");
        first.awaitLine("[local-stack] postgresql restarted (pid ");
        assertEquals("survives a crash", probeNote(first.env));
        assertTrue(first.process.isAlive());
    }

    @Test
    @Order(4)
    void thePauseCommandStopsPostgresForAWhileAndStartsItAgainOnItsData() throws Exception {
        long postmaster = pid(data.resolve("postgres/postmaster.pid"));
        int linesBefore = first.output.size();

        Command pause = command(data, "pause", "postgresql", "3");
        // while the command runs, the database is down for a while: sessions are refused
        long[] downAt = { 0 };
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try {
                            probeNote(first.env);
                            return false;
                        } catch (java.sql.SQLException refused) {
                            downAt[0] = System.nanoTime();
                            return true;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported by the assertion below
        }
        assertTrue(downAt[0] != 0, "PostgreSQL never went down during the pause");
        int exit = pause.exitCode();
        String said = pause.said();
        assertEquals(LauncherControl.EXIT_DONE, exit, said);
        assertTrue(said.contains("[local-stack] postgresql stopped (pid " + postmaster + ", "), said);
        assertTrue(said.contains("down 3 s, started again (pid "), said);
        assertTrue((System.nanoTime() - downAt[0]) / 1e9 >= 2.5, "down for about 3 s: " + said);

        long newPostmaster = pid(data.resolve("postgres/postmaster.pid"));
        assertFalse(newPostmaster == postmaster, "a new server runs");
        assertEquals("survives a crash", probeNote(first.env)); // same data
        List<String> launcherSaid = first.output.subList(linesBefore, first.output.size());
        assertTrue(launcherSaid.stream().anyMatch(l -> l.startsWith("[local-stack] stopping postgresql (pid "
                + postmaster + ") on request, down for 3 s")), String.join("\n", launcherSaid));
        assertFalse(launcherSaid.stream().anyMatch(l -> DIED.matcher(l).find()),
                "a stop on request is not a death: " + launcherSaid);

        // --kill: a crash (SIGKILL) rather than an orderly stop, the same way back
        long kafka = pid(data.resolve("pids/kafka.pid"));
        Command crash = command(data, "pause", "kafka", "1", "--kill");
        assertEquals(LauncherControl.EXIT_DONE, crash.exitCode(), crash.said());
        assertTrue(crash.said().contains("[local-stack] kafka killed (pid " + kafka + ", "), crash.said());
        assertFalse(kafka == pid(data.resolve("pids/kafka.pid")), "a new broker runs");

        // what cannot be done is refused with the reason, and nothing is touched
        Command unknown = command(data, "pause", "oracle", "1");
        assertEquals(LauncherControl.EXIT_REFUSED, unknown.exitCode(), unknown.said());
        assertTrue(unknown.said().contains(
                "no piece called 'oracle' is run by this launcher; it runs [kafka, postgresql]"), unknown.said());
        Command badSeconds = command(data, "pause", "kafka", "soon");
        assertEquals(LauncherControl.EXIT_USAGE, badSeconds.exitCode(), badSeconds.said());
        assertEquals(newPostmaster, pid(data.resolve("postgres/postmaster.pid")));
    }

    @Test
    @Order(5)
    void secondStartAfterAHardKillReapsLeftoversAndKeepsData() throws Exception {
        long postmaster = pid(data.resolve("postgres/postmaster.pid"));
        List<ProcessHandle> children = first.process.descendants().toList();
        assertFalse(children.isEmpty(), "the broker runs in a forked JVM");

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs, the data folder's lock goes with it
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        awaitDead(children, "forked children of the killed launcher");
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the crash leaves the PostgreSQL server running (this is what the next start must handle)");

        second = launch(data);
        List<ProcessHandle> all = second.process.descendants().toList();
        long newPostmaster = pid(data.resolve("postgres/postmaster.pid"));
        awaitDead(ProcessHandle.of(postmaster).stream().toList(), "the stale PostgreSQL server");
        assertEquals("survives a crash", probeNote(second.env));
        assertEquals(List.of("before the broker was killed", "after the restart"),
                consumeAll(second.env, "aspaire.launcher.probe"));

        second.process.toHandle().destroy(); // SIGTERM, as Ctrl-C
        assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
        awaitDead(all, "children after a normal stop");
        awaitDead(ProcessHandle.of(newPostmaster).stream().toList(), "PostgreSQL after a normal stop");
        // what the launcher stops itself is not a death to report
        String output = String.join("\n", second.output);
        assertFalse(DIED.matcher(output).find(), output);
        assertTrue(output.contains("[local-stack] stopped"), output);
    }

    @Test
    @Order(6)
    void withRestartsOffADeadBrokerStopsEverythingAndTheLauncherExits() throws Exception {
        third = start(data, Map.of("ASPAIRE_RESTARTS", "0"));
        third.awaitLine("[local-stack] a process that dies stops everything (ASPAIRE_RESTARTS=0)");
        third.awaitLine("[local-stack] running; Ctrl-C stops everything");
        List<ProcessHandle> all = third.process.descendants().toList();
        long postmaster = pid(data.resolve("postgres/postmaster.pid"));
        long kafka = pid(data.resolve("pids/kafka.pid"));
        ProcessHandle.of(kafka).orElseThrow().destroyForcibly();

        assertTrue(third.process.waitFor(60, TimeUnit.SECONDS), "the launcher must exit");
        String output = String.join("\n", third.output);
        assertEquals(Supervisor.EXIT_GAVE_UP, third.process.exitValue(), output);
        assertTrue(output.contains("[local-stack] kafka (pid " + kafka + ") died unexpectedly (exit code 137)"), output);
        assertTrue(output.contains("[local-stack] restarts are off (ASPAIRE_RESTARTS=0): stopping everything, exit code "
                + Supervisor.EXIT_GAVE_UP), output);
        awaitDead(all, "children of the launcher that gave up");
        awaitDead(ProcessHandle.of(postmaster).stream().toList(), "PostgreSQL of the launcher that gave up");
        // only the broker died; PostgreSQL was stopped on purpose
        Matcher died = DIED.matcher(output);
        assertTrue(died.find());
        assertFalse(died.find(), output);
    }

    record Launched(Process process, Map<String, String> env, List<String> output) {

        /** Waits for a line of the launcher's output that starts with {@code prefix}, and returns it. */
        String awaitLine(String prefix) {
            String[] found = new String[1];
            Ports.await("launcher line '" + prefix + "'", Duration.ofSeconds(30), () -> {
                for (String line : output) {
                    if (line.startsWith(prefix)) {
                        found[0] = line;
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }
    }

    record Command(Process process, Thread reader, List<String> output) {

        /** Waits for the command to end and its output to be read whole; its exit code. */
        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command must end: " + output);
            reader.join(10_000);
            return process.exitValue();
        }

        String said() {
            return String.join("\n", output);
        }
    }

    /** Runs {@code LocalStackMain <words>} (a command to the launcher on {@code data}) in a new JVM. */
    private static Command command(Path data, String... words) throws Exception {
        List<String> line = new ArrayList<>(List.of(ChildProcesses.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), LocalStackMain.class.getName()));
        line.addAll(List.of(words));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("ASPAIRE_DATA_DIR", data.toString());
        builder.environment().put("ASPAIRE_HOME", Path.of("../..").toAbsolutePath().normalize().toString());
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String said;
                while ((said = in.readLine()) != null) {
                    System.out.println("[command " + process.pid() + "] " + said);
                    output.add(said);
                }
            } catch (java.io.IOException ignored) {
                // process gone
            }
        }, "command-output");
        reader.setDaemon(true);
        reader.start();
        return new Command(process, reader, output);
    }

    /** Starts {@code LocalStackMain infra} and waits until it is running. */
    private static Launched launch(Path data) throws Exception {
        Launched launched = start(data, Map.of());
        Ports.await("the launcher to come up", Duration.ofSeconds(120),
                () -> launched.output.stream().anyMatch(l -> l.contains("Ctrl-C stops everything"))
                        || !launched.process.isAlive());
        assertTrue(launched.process.isAlive(), "the launcher exited:\n" + String.join("\n", launched.output));
        return launched;
    }

    /** Starts {@code LocalStackMain infra} in a new JVM, collecting its output and the environment it prints. */
    private static Launched start(Path data, Map<String, String> moreEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildProcesses.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), LocalStackMain.class.getName(), "infra")
                .redirectErrorStream(true);
        builder.environment().put("ASPAIRE_PORTS", "free");
        builder.environment().put("ASPAIRE_DATA_DIR", data.toString());
        builder.environment().put("ASPAIRE_HOME", Path.of("../..").toAbsolutePath().normalize().toString());
        builder.environment().putAll(moreEnv);
        Process process = builder.start();
        Map<String, String> env = new ConcurrentHashMap<>();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[launcher " + process.pid() + "] " + line);
                    if (line.startsWith("export ")) {
                        String[] kv = line.substring(7).split("=", 2);
                        env.put(kv[0], kv[1]);
                    }
                    output.add(line);
                }
            } catch (java.io.IOException ignored) {
                // process gone
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        return new Launched(process, env, output);
    }

    private static long pid(Path file) throws Exception {
        return Long.parseLong(Files.readAllLines(file).get(0).trim());
    }

    private static Connection connect(Map<String, String> env) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("DB_HOST") + ":" + env.get("DB_PORT")
                + "/users", env.get("DB_USER"), env.get("DB_PASSWORD"));
    }

    private static String probeNote(Map<String, String> env) throws Exception {
        try (Connection c = connect(env); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select note from restart_probe")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void produce(Map<String, String> env, String topic, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // one key: one partition, so the records come back in order
            producer.send(new ProducerRecord<>(topic, "probe", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every value on the topic, read from the start without a consumer group. */
    private static List<String> consumeAll(Map<String, String> env, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static void awaitDead(List<ProcessHandle> processes, String what) {
        try {
            // ParentWatch forces an orphan's stop after 15 s; the rest is room for a loaded machine
            Ports.await(what + " to exit", Duration.ofSeconds(45),
                    () -> processes.stream().noneMatch(ChildProcesses::isRunning));
        } catch (IllegalStateException e) {
            String survivors = processes.stream().filter(ChildProcesses::isRunning)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .collect(java.util.stream.Collectors.joining("\n  "));
            throw new IllegalStateException(e.getMessage() + "; still running:\n  " + survivors, e);
        }
    }
}
