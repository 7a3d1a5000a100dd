package io.aspaire.ai.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.ai.service.EmbeddingBackfill;
import io.aspaire.ai.service.MatchService;
import io.aspaire.ai.service.SkillExtractor;
import io.aspaire.ai.service.Embedder;
import io.aspaire.ai.service.ReadModels;
import io.aspaire.ai.support.Events;
import io.aspaire.ai.support.MongoReads;
import io.aspaire.ai.support.TestData;
import io.aspaire.ai.support.WireMockOpenAi;
import io.aspaire.localstack.LocalStackTestResource;
import io.aspaire.platform.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.restassured.path.json.JsonPath;

/**
 * The match score end to end in ai-service: real ResumeSaved/JobIngested events on the broker build the embeddings
 * and skills, Job.match and recommendedJobs answer from them, a changed resume re-scores, a deleted one has no
 * scores, an unchanged text is not embedded again, and the backfill embeds what events did not.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(WireMockOpenAi.class)
class MatchTest {

    static final String JAVA_RESUME = "Backend engineer, 6 years of Java and Spring Boot microservices, Kafka, "
            + "PostgreSQL and Docker. Built REST APIs for a logistics company.";
    static final String NURSE_RESUME = "Registered nurse, 5 years in the ICU: critical care, ventilated patients, "
            + "IV therapy, patient assessment. BLS and ACLS certified, Epic charting.";
    static final String MATCH = "match { score matchedSkills missingSkills resumeId }";
    static final String ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id "
            + MATCH + " } } }";
    static final String RECOMMENDED = "query($u: ID!, $first: Int, $after: String, $f: MatchFilter) { "
            + "recommendedJobs(userId: $u, first: $first, after: $after, filter: $f) { items { job { id } " + MATCH
            + " } nextCursor } }";

    @Inject
    ObjectMapper mapper;
    @Inject
    EmbeddingBackfill backfill;
    @Inject
    ReadModels readModels;
    @Inject
    SkillExtractor skills;
    @Inject
    io.aspaire.platform.mongodb.MongoInbox inbox;
    @Inject
    MatchService matching;
    @Inject
    Scheduler scheduler;
    @Inject
    AiConfig config;

    Events events;

    @BeforeEach
    void open() {
        events = new Events(mapper);
    }

    @AfterEach
    void close() {
        events.close();
    }

    private String job(String title, String location, String description, List<String> tags) throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = Events.job(id, title, description, tags);
        data.put("location", location);
        events.send(Topics.JOBS, "JobIngested", id, data);
        return id;
    }

    /** job-service's SearchResultsFound: one search run of the user returned these listings. */
    private String searchReturned(UUID user, String... jobIds) throws Exception {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("runId", UUID.randomUUID().toString());
        data.put("userId", user.toString());
        data.put("searchQueryId", UUID.randomUUID().toString());
        data.put("query", "java");
        data.put("location", "Remote");
        data.put("jobIds", List.of(jobIds));
        data.put("newJobIds", List.of(jobIds));
        data.put("foundAt", java.time.Instant.now().toString());
        return events.send(Topics.JOBS, "SearchResultsFound", user.toString(), data);
    }

    private static long searchResultsOf(UUID user) {
        return TestData.<Long> mongo(() -> io.aspaire.ai.domain.SearchResultDoc.count(
                new Document("userId", user.toString())));
    }

    private JobDoc embeddedJob(String id) {
        JobDoc[] found = new JobDoc[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = TestData.mongo(() -> JobDoc.<JobDoc> findById(id));
            return found[0] != null && found[0].embedding != null;
        });
        return found[0];
    }

    private ResumeDoc resumeWith(String id, String text) {
        ResumeDoc[] found = new ResumeDoc[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = TestData.mongo(() -> ResumeDoc.<ResumeDoc> findById(id));
            return found[0] != null && text.equals(found[0].text) && found[0].embedding != null;
        });
        return found[0];
    }

    private static JsonPath entities(UUID user, String... jobIds) {
        List<Map<String, String>> reps = java.util.Arrays.stream(jobIds)
                .map(id -> Map.of("__typename", "Job", "id", id)).toList();
        return TestData.graphql(user, ENTITIES, Map.of("r", reps)).body("errors", nullValue()).extract().jsonPath();
    }

    @Test
    void aJavaResumeFitsTheJavaListingAndTheScoresFollowTheResume() throws Exception {
        UUID user = UUID.randomUUID();
        String resumeId = UUID.randomUUID().toString();
        String javaJob = job("Senior Java Backend Engineer", "Remote", "Build Spring Boot microservices on Kafka "
                + "and PostgreSQL, deployed with Docker and Kubernetes on AWS.", List.of("java", "kafka"));
        String nursingJob = job("ICU Registered Nurse", "Boston, MA", "Critical care for ventilated patients, IV "
                + "therapy, BLS and ACLS required, charting in Epic.", List.of("nursing"));
        events.send(Topics.RESUMES, "ResumeSaved", resumeId, Events.resume(resumeId, user.toString(), JAVA_RESUME));
        JobDoc javaDoc = embeddedJob(javaJob);
        embeddedJob(nursingJob);
        resumeWith(resumeId, JAVA_RESUME);
        assertEquals(Embedder.MODEL, javaDoc.embeddingModel);
        assertEquals(1536, javaDoc.embedding.length, "384 float32");

        // Job.match for a page of jobs (one resolver call, one query), the unknown id is null
        String unknown = UUID.randomUUID().toString();
        JsonPath page = entities(user, javaJob, unknown, nursingJob);
        int java = page.getInt("data._entities[0].match.score");
        int nursing = page.getInt("data._entities[2].match.score");
        assertTrue(java > nursing + 30, java + " vs " + nursing);
        assertEquals(resumeId, page.getString("data._entities[0].match.resumeId"));
        assertEquals(List.of("Docker", "Java", "Kafka", "Microservices", "PostgreSQL", "Spring"),
                page.getList("data._entities[0].match.matchedSkills"));
        assertEquals(List.of("AWS", "Kubernetes"), page.getList("data._entities[0].match.missingSkills"),
                "the listing asks for AWS and Kubernetes, the resume names neither");
        assertNull(page.get("data._entities[1].match"), "a job ai-service has not received");

        // recommendedJobs: ranked, filtered like jobs, paged, the caller's own only
        searchReturned(user, javaJob, nursingJob);
        await().atMost(Duration.ofSeconds(15)).until(() -> recommendedIds(user, null).containsAll(
                List.of(javaJob, nursingJob)));
        List<String> ranked = recommendedIds(user, null);
        assertTrue(ranked.indexOf(javaJob) < ranked.indexOf(nursingJob), ranked.toString());
        assertEquals(List.of(nursingJob), recommendedIds(user, Map.of("location", "boston")));
        assertEquals(List.of(javaJob), recommendedIds(user, Map.of("remote", true, "text", "java")));
        TestData.graphql(UUID.randomUUID(), RECOMMENDED, Map.of("u", user.toString()))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        TestData.graphql(user, RECOMMENDED, Map.of("u", user.toString(), "after", "bm90IGEgY3Vyc29y"))
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));

        // the same listing text again (JobUpdated with only the company changed): not embedded again
        Map<String, Object> sameText = Events.job(javaJob, "Senior Java Backend Engineer", "Build Spring Boot "
                + "microservices on Kafka and PostgreSQL, deployed with Docker and Kubernetes on AWS.",
                List.of("java", "kafka"));
        sameText.put("company", "Acme Renamed");
        events.send(Topics.JOBS, "JobUpdated", javaJob, sameText);
        await().atMost(Duration.ofSeconds(15)).until(() -> TestData.<JobDoc> mongo(() -> JobDoc.findById(javaJob))
                .version == 2L);
        JobDoc after = TestData.mongo(() -> JobDoc.<JobDoc> findById(javaJob));
        assertEquals(javaDoc.embeddedAt, after.embeddedAt, "same text, same model: the stored embedding stays");

        // the resume changes to a nurse's: the scores follow
        events.send(Topics.RESUMES, "ResumeSaved", resumeId, Events.resume(resumeId, user.toString(), NURSE_RESUME));
        resumeWith(resumeId, NURSE_RESUME);
        JsonPath rescored = entities(user, javaJob, nursingJob);
        assertTrue(rescored.getInt("data._entities[1].match.score") > rescored.getInt("data._entities[0].match.score")
                + 30, rescored.prettify());
        assertEquals(List.of(), rescored.getList("data._entities[1].match.missingSkills").stream()
                .filter(s -> s.equals("ACLS") || s.equals("BLS")).toList());

        // deleted: no resume, no scores
        events.send(Topics.RESUMES, "ResumeDeleted", resumeId, Map.of("resumeId", resumeId, "userId",
                user.toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> TestData.mongo(() -> ResumeDoc.findById(resumeId)) == null);
        JsonPath gone = entities(user, javaJob, nursingJob);
        assertNull(gone.get("data._entities[0].match"));
        assertNull(gone.get("data._entities[1].match"));
        assertEquals(List.of(), recommendedIds(user, null));
    }

    /**
     * recommendedJobs ranks only the listings the user's searches returned (issue 15): C fits the resume best but was
     * returned to another user's search, so it is not among this user's. The search results arrive before one of
     * the listings (either order works), a redelivered event adds nothing, and UserDeleted erases the user's set.
     */
    @Test
    void recommendedJobsRanksOnlyTheListingsTheUsersSearchesReturned() throws Exception {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String resumeId = UUID.randomUUID().toString();
        String a = UUID.randomUUID().toString();
        // the search run is reported before listing A reaches ai-service
        String found = searchReturned(user, a);
        events.send(Topics.RESUMES, "ResumeSaved", resumeId, Events.resume(resumeId, user.toString(), JAVA_RESUME));
        Map<String, Object> listingA = Events.job(a, "Java Backend Developer", "Spring Boot services on Kafka and "
                + "PostgreSQL.", List.of("java"));
        events.send(Topics.JOBS, "JobIngested", a, listingA);
        String b = job("ICU Registered Nurse", "Boston, MA", "Critical care for ventilated patients, IV therapy, BLS "
                + "and ACLS required.", List.of("nursing"));
        String c = job("Senior Java Backend Engineer", "Remote", "Build Spring Boot microservices on Kafka and "
                + "PostgreSQL, deployed with Docker.", List.of("java", "kafka", "spring"));
        searchReturned(user, a, b);
        searchReturned(other, c);
        embeddedJob(a);
        embeddedJob(b);
        embeddedJob(c);
        resumeWith(resumeId, JAVA_RESUME);

        await().atMost(Duration.ofSeconds(15)).until(() -> recommendedIds(user, null).size() == 2);
        assertEquals(List.of(a, b), recommendedIds(user, null), "A and B, the Java listing first; never C");
        assertEquals(List.of(b), recommendedIds(user, Map.of("location", "boston")));

        // the same event again (a redelivery) and another run returning A again: still one entry per listing
        events.resend(Topics.JOBS, user.toString(), found, "SearchResultsFound", Map.of("userId", user.toString(),
                "jobIds", List.of(a), "foundAt", java.time.Instant.now().toString()));
        searchReturned(user, a);
        String last = searchReturned(user);
        await().atMost(Duration.ofSeconds(15)).until(() -> TestData.mongo(() -> inbox.processedCount("ai-service",
                last)) == 1L);
        assertEquals(2L, searchResultsOf(user));
        assertEquals(List.of(a, b), recommendedIds(user, null));

        // UserDeleted erases the user's set with the rest of their data; the other user's stays
        String deleted = events.send(Topics.USERS, "UserDeleted", user.toString(), Map.of("userId",
                user.toString(), "deletedAt", java.time.Instant.now().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestData.mongo(() -> inbox.processedCount("ai-service",
                deleted)) == 1L);
        assertEquals(0L, searchResultsOf(user));
        assertEquals(1L, searchResultsOf(other));
        // a search run reported after the deletion stores nothing
        String late = searchReturned(user, b);
        await().atMost(Duration.ofSeconds(15)).until(() -> TestData.mongo(() -> inbox.processedCount("ai-service",
                late)) == 1L);
        assertEquals(0L, searchResultsOf(user));
    }

    @Test
    void theBackfillEmbedsWhatNoEventEmbeddedAndReportsProgress() throws Throwable {
        // a listing stored before the match score existed: in the read model, no embedding
        JobDoc old = TestData.job(readModels, "Data Engineer", "Streamline", "Airflow, Spark and dbt pipelines");
        assertNull(TestData.<JobDoc> mongo(() -> JobDoc.findById(old.id)).embedding);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestData.mongo(() -> backfill.runOnce());
            return TestData.<JobDoc> mongo(() -> JobDoc.findById(old.id)).embedding != null;
        });
        JobDoc embedded = TestData.mongo(() -> JobDoc.<JobDoc> findById(old.id));
        assertTrue(embedded.skills.containsAll(List.of("Airflow", "Apache Spark", "dbt")), embedded.skills.toString());
        Document progress = TestData.mongo(() -> JobDoc.mongoDatabase().getCollection("ai_match_backfill")
                .find(new Document("_id", "progress")).collect().first());
        assertNotNull(progress, "progress is kept in MongoDB");
        assertEquals(Embedder.MODEL, progress.getString("model"));
        assertTrue(backfill.pending() >= 0);
    }

    /**
     * Job.match is batched (issue 15): a 5-job _entities request reads the listings in one MongoDB query and the
     * caller's resume in one, exactly as a 1-job request does. Counted on the wire (MongoReads, a CommandListener).
     */
    @Test
    void jobMatchReadsOncePerPageNotOncePerJob() throws Throwable {
        UUID user = UUID.randomUUID();
        String resumeId = UUID.randomUUID().toString();
        events.send(Topics.RESUMES, "ResumeSaved", resumeId, Events.resume(resumeId, user.toString(), JAVA_RESUME));
        List<String> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobDoc job = TestData.job(readModels, "Java Engineer " + i, "Acme", "Spring Boot and Kafka services");
            TestData.mongo(() -> matching.indexJob(job.id));
            jobs.add(job.id);
        }
        resumeWith(resumeId, JAVA_RESUME);

        List<String> oneJob = jobs.subList(0, 1);
        MongoReads.start();
        JsonPath one = entities(user, oneJob.toArray(String[]::new));
        MongoReads.stop();
        List<String> oneJobReads = MongoReads.of("jobs", oneJob);
        List<String> oneResumeReads = MongoReads.of("resumes", List.of(user.toString()));

        MongoReads.start();
        JsonPath five = entities(user, jobs.toArray(String[]::new));
        MongoReads.stop();
        List<String> fiveJobReads = MongoReads.of("jobs", jobs);
        List<String> fiveResumeReads = MongoReads.of("resumes", List.of(user.toString()));

        assertNotNull(one.get("data._entities[0].match.score"));
        for (int i = 0; i < 5; i++) {
            assertNotNull(five.get("data._entities[" + i + "].match.score"), five.prettify());
        }
        assertEquals(1, oneJobReads.size(), oneJobReads.toString());
        assertEquals(1, fiveJobReads.size(), "one read of the listings for the whole page: " + fiveJobReads);
        assertEquals(1, oneResumeReads.size(), oneResumeReads.toString());
        assertEquals(1, fiveResumeReads.size(), "one read of the resume for the whole page: " + fiveResumeReads);
    }

    /**
     * The backfill resumes after a restart (issue 15): a first instance embeds 2 of 5 stale listings and is gone; a
     * new instance (nothing in memory, as after a restart) embeds the 3 left, not the 2 done, and finishes; progress
     * (pending, last batch) is in ai_match_backfill and the gauge's value after each pass. The scheduled backfill is
     * paused meanwhile, so only the two instances of the test embed.
     */
    @Test
    void theBackfillResumesWhereItStoppedAfterARestart() throws Throwable {
        Trigger scheduled = scheduler.getScheduledJobs().stream()
                .filter(t -> t.getMethodDescription() != null
                        && t.getMethodDescription().contains(EmbeddingBackfill.class.getSimpleName()))
                .findFirst().orElseThrow();
        scheduler.pause(scheduled.getId());
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> TestData.mongo(() -> backfill.runOnce()) == 0);
            List<String> stale = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                stale.add(TestData.job(readModels, "Data Engineer " + i, "Streamline", "Airflow and Spark " + i).id);
            }
            long embeddedBefore = matching.embeddedCount();

            EmbeddingBackfill first = new EmbeddingBackfill(matching, skills, readModels, withBatch(config, 2),
                    new SimpleMeterRegistry());
            assertEquals(-1L, first.pending(), "no pass yet");
            assertEquals(2, (int) TestData.mongo(first::runOnce));
            assertEquals(3L, first.pending());
            Document progress = progress();
            assertEquals(3L, ((Number) progress.get("pending")).longValue());
            assertEquals(2, progress.getInteger("lastBatch"));
            Map<String, java.time.Instant> doneFirst = embeddedAt(stale);
            assertEquals(2, doneFirst.size(), doneFirst.toString());

            // the restart: a new instance, nothing carried over in memory
            EmbeddingBackfill second = new EmbeddingBackfill(matching, skills, readModels, withBatch(config, 2),
                    new SimpleMeterRegistry());
            assertEquals(2, (int) TestData.mongo(second::runOnce));
            assertEquals(1L, second.pending());
            assertEquals(1, (int) TestData.mongo(second::runOnce));
            assertEquals(0L, second.pending());
            assertEquals(0L, ((Number) progress().get("pending")).longValue());
            assertEquals(0, (int) TestData.mongo(second::runOnce), "finished: nothing left");

            Map<String, java.time.Instant> doneAll = embeddedAt(stale);
            assertEquals(5, doneAll.size(), "every listing embedded");
            doneFirst.forEach((id, at) -> assertEquals(at, doneAll.get(id), "embedded before the restart: kept"));
            assertEquals(5L, matching.embeddedCount() - embeddedBefore, "5 texts embedded in all, none twice");
        } finally {
            scheduler.resume(scheduled.getId());
        }
    }

    private static Document progress() {
        return TestData.mongo(() -> JobDoc.mongoDatabase().getCollection("ai_match_backfill")
                .find(new Document("_id", "progress")).collect().first());
    }

    /** The embeddedAt of those of the listings that have an embedding. */
    private static Map<String, java.time.Instant> embeddedAt(List<String> ids) {
        Map<String, java.time.Instant> at = new java.util.HashMap<>();
        for (String id : ids) {
            JobDoc doc = TestData.mongo(() -> JobDoc.<JobDoc> findById(id));
            if (doc.embedding != null) {
                at.put(id, doc.embeddedAt);
            }
        }
        return at;
    }

    /** The service's configuration with another backfill batch size. */
    private static AiConfig withBatch(AiConfig real, int batch) {
        AiConfig.Match match = (AiConfig.Match) Proxy.newProxyInstance(AiConfig.Match.class.getClassLoader(),
                new Class<?>[] { AiConfig.Match.class },
                (proxy, method, args) -> "backfillBatch".equals(method.getName()) ? batch
                        : method.invoke(real.match(), args));
        return (AiConfig) Proxy.newProxyInstance(AiConfig.class.getClassLoader(), new Class<?>[] { AiConfig.class },
                (proxy, method, args) -> "match".equals(method.getName()) ? match : method.invoke(real, args));
    }

    /**
     * A model that cannot run (the e2e suite once gave ai-service too small a heap: OutOfMemoryError while the model
     * loaded) must not take the read model down with it: the listing is indexed without a vector, its skills are
     * there, and the backfill embeds it once the model works.
     */
    @Test
    void aFailingModelLeavesTheListingIndexedForTheBackfill() throws Throwable {
        Embedder broken = new Embedder(1, 1, Duration.ofSeconds(1)) {
            @Override
            public io.smallrye.mutiny.Uni<float[]> embed(String text) {
                return io.smallrye.mutiny.Uni.createFrom().failure(new OutOfMemoryError("Java heap space"));
            }
        };
        MatchService withBrokenModel = new MatchService(broken, skills);
        JobDoc job = TestData.job(readModels, "Platform Engineer", "Kubeworks", "Kubernetes, Terraform and Go");
        TestData.mongo(() -> withBrokenModel.indexJob(job.id)); // no failure: the event would be applied
        JobDoc indexed = TestData.mongo(() -> JobDoc.<JobDoc> findById(job.id));
        assertNull(indexed.embedding);
        assertTrue(indexed.skills.containsAll(List.of("Kubernetes", "Terraform")), String.valueOf(indexed.skills));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestData.mongo(() -> backfill.runOnce());
            return TestData.<JobDoc> mongo(() -> JobDoc.findById(job.id)).embedding != null;
        });
    }

    private static List<String> recommendedIds(UUID user, Map<String, Object> filter) {
        Map<String, Object> vars = new java.util.HashMap<>(Map.of("u", user.toString(), "first", 100));
        if (filter != null) {
            vars.put("f", filter);
        }
        JsonPath json = TestData.graphql(user, RECOMMENDED, vars).body("errors", nullValue()).extract().jsonPath();
        List<String> ids = json.getList("data.recommendedJobs.items.job.id");
        return ids;
    }
}
