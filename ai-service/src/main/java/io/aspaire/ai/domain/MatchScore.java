package io.aspaire.ai.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How well one resume fits one listing, 0-100, with the reason. The blend (docs/architecture.md "Match score"):
 *
 * <pre>
 *   semantic = clamp((cosine(resume, listing) - 0.15) / 0.45, 0, 1)      all-MiniLM-L6-v2, unit vectors
 *   coverage = |listing skills found in the resume| / |listing skills|   (semantic when the listing names none)
 *   score    = round(100 * (0.65 * semantic + 0.35 * coverage))
 * </pre>
 *
 * The embedding carries what a skill list cannot (the field, the seniority, "ICU nurse" near "critical care"); the
 * skill coverage carries what an embedding blurs (a Java listing and a Kotlin resume read alike). The constants are
 * the ones the evaluation set picked (ai-service src/test/resources/match/evaluation-set.json, bench/match): cosines
 * of unrelated texts sit around 0.0-0.15 with this model, of the same job around 0.6.
 */
public record MatchScore(int score, double similarity, double coverage, List<String> matchedSkills,
        List<String> missingSkills) {

    public static final double SIMILARITY_FLOOR = 0.15;
    public static final double SIMILARITY_SPAN = 0.45;
    public static final double SEMANTIC_WEIGHT = 0.65;

    public static MatchScore of(float similarity, List<String> resumeSkills, List<String> listingSkills) {
        Set<String> resume = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        resume.addAll(resumeSkills);
        List<String> matched = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String skill : listingSkills) {
            (resume.contains(skill) ? matched : missing).add(skill);
        }
        double semantic = semantic(similarity);
        double coverage = listingSkills.isEmpty() ? semantic : (double) matched.size() / listingSkills.size();
        return new MatchScore(blend(semantic, coverage), similarity, coverage, List.copyOf(matched),
                List.copyOf(missing));
    }

    /** The cosine mapped to 0..1: below the floor counts as unrelated. */
    public static double semantic(double similarity) {
        return Math.max(0, Math.min(1, (similarity - SIMILARITY_FLOOR) / SIMILARITY_SPAN));
    }

    public static int blend(double semantic, double coverage) {
        return (int) Math.round(100 * (SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * coverage));
    }
}
