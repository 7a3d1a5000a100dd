package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The dictionary's aliases, whole-word matching and version. */
class SkillExtractorTest {

    private final SkillExtractor skills = new SkillExtractor();

    @Test
    void aliasesNameTheCanonicalSkill() {
        assertEquals(List.of("Kubernetes", "PostgreSQL"), skills.extract("We run Postgres on k8s."));
        assertEquals(List.of("JavaScript", "Node.js", "TypeScript"),
                skills.extract("TypeScript on nodejs, some plain JS"));
        assertEquals(List.of(".NET", "C#", "C++"), skills.extract("C++ and C# on .NET core"));
    }

    @Test
    void onlyWholeWordsCount() {
        assertEquals(List.of("JavaScript"), skills.extract("Senior JavaScript developer"),
                "Java is not found inside JavaScript");
        assertEquals(List.of(), skills.extract("the rest of the team will go to the event"),
                "'rest' and 'go' in lower case are words, not skills (REST and Go are exact-case aliases)");
        assertEquals(List.of("Go", "REST APIs"), skills.extract("REST services in Go."));
        assertEquals(List.of("React Native"), skills.extract("React Native apps"), "the longer alias wins");
    }

    @Test
    void nursingAndSalesHaveSkillsToo() {
        assertEquals(List.of("ACLS", "BLS", "Critical Care", "Registered Nurse"),
                skills.extract("RN with 3 years in the ICU, BLS and ACLS"));
        assertEquals(List.of("Cold Calling", "Salesforce"), skills.extract("cold calls logged in SFDC"));
    }

    @Test
    void theVersionFollowsTheDictionary() {
        SkillExtractor a = new SkillExtractor("Java\nKafka\n");
        SkillExtractor b = new SkillExtractor("Java\nKafka: apache kafka\n");
        assertNotEquals(a.version(), b.version());
        assertEquals(List.of("Kafka"), b.extract("Apache Kafka"));
        assertThrows(IllegalStateException.class, () -> new SkillExtractor("Go: golang\nGolang\n"),
                "an alias naming two skills is refused");
    }
}
