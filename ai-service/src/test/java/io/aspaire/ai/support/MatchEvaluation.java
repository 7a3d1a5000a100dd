package io.aspaire.ai.support;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.domain.MatchScore;
import io.aspaire.ai.service.Embedder;
import io.aspaire.ai.service.SkillExtractor;

/**
 * The evaluation set (src/test/resources/match/evaluation-set.json) ranked three ways for every resume: skill
 * coverage alone, embedding similarity alone, and the blend of MatchScore. Precision@5 counts grades >= 2 as
 * relevant; NDCG@10 uses gain 2^grade - 1 over the ideal order of the hand grades. Ties are broken by listing id,
 * the same for all three, so no ranking is favoured by the order of the file.
 */
public final class MatchEvaluation {

    public record Text(String id, String field, String title, String text) {
    }

    public record Scored(String listingId, double skills, double embedding, double blend, MatchScore score) {
    }

    public record Metrics(String ranking, double precisionAt5, double ndcgAt10) {
    }

    public final List<Text> listings = new ArrayList<>();
    public final List<Text> resumes = new ArrayList<>();
    public final Map<String, Map<String, Integer>> relevance = new HashMap<>();
    /** resume id -> its listings scored. */
    public final Map<String, List<Scored>> scored = new HashMap<>();

    public static MatchEvaluation run(Embedder embedder, SkillExtractor skills) {
        MatchEvaluation e = new MatchEvaluation();
        e.load();
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, List<String>> found = new HashMap<>();
        for (Text t : e.listings) {
            String text = t.title() + "\n\n" + t.text();
            vectors.put(t.id(), embedder.embedNow(text));
            found.put(t.id(), skills.extract(text));
        }
        for (Text r : e.resumes) {
            String text = r.title() + "\n" + r.text();
            float[] resume = embedder.embedNow(text);
            List<String> resumeSkills = skills.extract(text);
            List<Scored> list = new ArrayList<>();
            for (Text l : e.listings) {
                float cos = Embedder.dot(resume, vectors.get(l.id()));
                MatchScore s = MatchScore.of(cos, resumeSkills, found.get(l.id()));
                double blend = MatchScore.SEMANTIC_WEIGHT * MatchScore.semantic(cos)
                        + (1 - MatchScore.SEMANTIC_WEIGHT) * s.coverage();
                double skillsOnly = found.get(l.id()).isEmpty() ? 0 : s.coverage();
                list.add(new Scored(l.id(), skillsOnly, cos, blend, s));
            }
            e.scored.put(r.id(), list);
        }
        return e;
    }

    public static Embedder embedder() {
        return new Embedder(1, 16, Duration.ofMinutes(1));
    }

    public List<Metrics> metrics() {
        return List.of(metrics("skill overlap alone", Scored::skills), metrics("embeddings alone", Scored::embedding),
                metrics("blend (MatchScore)", Scored::blend));
    }

    public Metrics metrics(String name, ToDoubleFunction<Scored> key) {
        double p5 = 0;
        double ndcg = 0;
        for (Text r : resumes) {
            List<String> order = rank(r.id(), key);
            Map<String, Integer> grades = relevance.getOrDefault(r.id(), Map.of());
            int hits = 0;
            for (int i = 0; i < 5; i++) {
                hits += grades.getOrDefault(order.get(i), 0) >= 2 ? 1 : 0;
            }
            p5 += hits / 5.0;
            double dcg = 0;
            for (int i = 0; i < 10; i++) {
                dcg += (Math.pow(2, grades.getOrDefault(order.get(i), 0)) - 1) / log2(i + 2);
            }
            List<Integer> ideal = new ArrayList<>(grades.values());
            ideal.sort(Comparator.reverseOrder());
            double idcg = 0;
            for (int i = 0; i < Math.min(10, ideal.size()); i++) {
                idcg += (Math.pow(2, ideal.get(i)) - 1) / log2(i + 2);
            }
            ndcg += idcg == 0 ? 0 : dcg / idcg;
        }
        return new Metrics(name, p5 / resumes.size(), ndcg / resumes.size());
    }

    /** The listing ids of one resume, best first by {@code key}, ties by id. */
    public List<String> rank(String resumeId, ToDoubleFunction<Scored> key) {
        List<Scored> list = new ArrayList<>(scored.get(resumeId));
        list.sort(Comparator.comparingDouble(key).reversed().thenComparing(Scored::listingId));
        return list.stream().map(Scored::listingId).toList();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private void load() {
        try (InputStream in = MatchEvaluation.class.getClassLoader()
                .getResourceAsStream("match/evaluation-set.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            root.get("listings").forEach(n -> listings.add(text(n)));
            root.get("resumes").forEach(n -> resumes.add(text(n)));
            root.get("relevance").fields().forEachRemaining(r -> {
                Map<String, Integer> grades = new HashMap<>();
                r.getValue().fields().forEachRemaining(g -> grades.put(g.getKey(), g.getValue().asInt()));
                relevance.put(r.getKey(), grades);
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Text text(JsonNode n) {
        return new Text(n.get("id").asText(), n.get("field").asText(), n.get("title").asText(), n.get("text").asText());
    }
}
