package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.aspaire.ai.domain.MatchScore;
import io.aspaire.ai.support.MatchEvaluation;

/** The score itself, with the real model: rankings the issue names and the evaluation set's verdict. */
class MatchScoringTest {

    static Embedder embedder;
    static final SkillExtractor SKILLS = new SkillExtractor();

    static final String JAVA_RESUME = "Backend engineer, 6 years of Java and Spring Boot microservices, Kafka, "
            + "PostgreSQL, Docker. Built REST APIs for logistics.";
    static final String JAVA_LISTING = "Senior Java Backend Engineer. Build Spring Boot services on Kafka and "
            + "PostgreSQL, deployed with Kubernetes on AWS.";
    static final String NURSING_LISTING = "ICU Registered Nurse. Critical care for ventilated patients, IV therapy, "
            + "BLS and ACLS required, Epic charting.";

    @BeforeAll
    static void load() {
        embedder = MatchEvaluation.embedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static MatchScore score(String resume, String listing) {
        return MatchScore.of(Embedder.dot(embedder.embedNow(resume), embedder.embedNow(listing)),
                SKILLS.extract(resume), SKILLS.extract(listing));
    }

    @Test
    void aJavaBackendResumeRanksAJavaBackendListingAboveANursingOne() {
        MatchScore java = score(JAVA_RESUME, JAVA_LISTING);
        MatchScore nursing = score(JAVA_RESUME, NURSING_LISTING);
        assertTrue(java.score() >= 60, "Java listing: " + java);
        assertTrue(nursing.score() <= 15, "nursing listing: " + nursing);
        assertTrue(java.score() > nursing.score() + 40, java + " vs " + nursing);
    }

    @Test
    void missingSkillsAreWhatTheListingAsksAndTheResumeLacks() {
        MatchScore java = score(JAVA_RESUME, JAVA_LISTING);
        assertEquals(List.of("Java", "Kafka", "PostgreSQL", "Spring"), java.matchedSkills());
        assertEquals(List.of("AWS", "Kubernetes"), java.missingSkills());
        MatchScore nursing = score(JAVA_RESUME, NURSING_LISTING);
        assertEquals(List.of(), nursing.matchedSkills());
        assertEquals(List.of("ACLS", "BLS", "Critical Care", "Electronic Health Records", "IV Therapy",
                "Registered Nurse"), nursing.missingSkills());
    }

    @Test
    void theBlendBeatsSkillsAloneAndEmbeddingsAloneOnTheEvaluationSet() {
        MatchEvaluation eval = MatchEvaluation.run(embedder, SKILLS);
        assertTrue(eval.resumes.size() >= 10 && eval.listings.size() >= 30);
        List<MatchEvaluation.Metrics> m = eval.metrics();
        MatchEvaluation.Metrics skills = m.get(0);
        MatchEvaluation.Metrics embeddings = m.get(1);
        MatchEvaluation.Metrics blend = m.get(2);
        String all = m.toString();
        assertTrue(blend.precisionAt5() > skills.precisionAt5() && blend.precisionAt5() > embeddings.precisionAt5(),
                all);
        assertTrue(blend.ndcgAt10() > skills.ndcgAt10() && blend.ndcgAt10() > embeddings.ndcgAt10(), all);
    }
}
