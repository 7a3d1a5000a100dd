package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.domain.MatchScore;

/**
 * The ranking scans 8-bit codes and re-scores a shortlist with the exact cosine: what it returns must be what an exact
 * scan of every listing returns, order and scores, also where listings crowd around the same few points (the codes'
 * error would reorder near neighbours without the exact second step).
 */
class MatchIndexTest {

    private static final int D = Embedder.DIMENSIONS;

    @Test
    void theTopKAreThoseOfAnExactScan() {
        SkillExtractor skills = new SkillExtractor();
        MatchIndex index = new MatchIndex(skills);
        Random random = new Random(7);
        List<String> names = skills.skills();
        float[][] seeds = new float[4][];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = gaussian(random, 1.0);
        }
        List<float[]> vectors = new ArrayList<>();
        List<List<String>> listingSkills = new ArrayList<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            float[] v = seeds[i % seeds.length].clone();
            float[] noise = gaussian(random, 0.01);
            for (int d = 0; d < D; d++) {
                v[d] += noise[d];
            }
            v = Embedder.normalised(v);
            List<String> some = new ArrayList<>(names.subList(0, 8));
            java.util.Collections.shuffle(some, random);
            some = List.copyOf(some.subList(0, 3)); // few distinct skill sets: many equal coverages
            vectors.add(v);
            listingSkills.add(some);
            index.put(id(i), v, some, new MatchIndex.Listing("t", "c", "Remote", true, "FULL_TIME", "REMOTIVE",
                    null, null, some));
        }
        float[] resume = seeds[0].clone();
        float[] noise = gaussian(random, 0.02);
        for (int d = 0; d < D; d++) {
            resume[d] += noise[d];
        }
        resume = Embedder.normalised(resume);
        List<String> resumeSkills = List.of(names.get(0), names.get(1), names.get(2));

        List<Expected> exact = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float cosine = Embedder.dot(resume, vectors.get(i));
            MatchScore score = MatchScore.of(cosine, resumeSkills, listingSkills.get(i));
            double rank = MatchScore.SEMANTIC_WEIGHT * MatchScore.semantic(cosine)
                    + (1 - MatchScore.SEMANTIC_WEIGHT) * score.coverage() + cosine * 1e-9;
            exact.add(new Expected(id(i), rank));
        }
        exact.sort(Comparator.comparingDouble(Expected::rank).reversed().thenComparing(Expected::jobId));

        List<MatchIndex.Ranked> top = index.top(resume, resumeSkills, null, 20);
        assertEquals(20, top.size());
        for (int r = 0; r < 20; r++) {
            assertEquals(exact.get(r).jobId(), top.get(r).jobId(), "position " + r);
            assertEquals(exact.get(r).rank(), top.get(r).rank(), 1e-12, "rank at position " + r);
        }
        // near neighbours indeed: the top 20 lie within a few thousandths, where 8-bit codes alone would reorder them
        assertTrue(exact.get(0).rank() - exact.get(19).rank() < 0.05, exact.get(0) + " .. " + exact.get(19));

        List<String> among = new ArrayList<>();
        for (int i = 0; i < n; i += 3) {
            among.add(id(i));
        }
        List<Expected> exactAmong = exact.stream().filter(e -> among.contains(e.jobId())).limit(20).toList();
        List<MatchIndex.Ranked> topAmong = index.topAmong(resume, resumeSkills, null, 20, among);
        assertEquals(exactAmong.stream().map(Expected::jobId).toList(),
                topAmong.stream().map(MatchIndex.Ranked::jobId).toList());
        assertEquals(List.of(), index.top(resume, resumeSkills, null, 0));
    }

    private record Expected(String jobId, double rank) {
    }

    private static String id(int i) {
        return String.format("job-%05d", i);
    }

    private static float[] gaussian(Random random, double sigma) {
        float[] v = new float[D];
        for (int d = 0; d < D; d++) {
            v[d] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }
}
