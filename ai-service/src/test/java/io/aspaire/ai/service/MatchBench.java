package io.aspaire.ai.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.support.MatchEvaluation;

/**
 * bench/match/run.sh: the evaluation set's precision@5 and NDCG@10 for skill overlap alone, embeddings alone and the
 * blend; then recommendedJobs' ranking (MatchIndex.topAmong, k = 20) among 100,000 listings (a user whose searches
 * returned them all, the worst case) and among 2,000 of them, p50/p99 of 200 rankings each.
 * Prints figures; asserts nothing about speed (a shared machine), only that it ran.
 */
class MatchBench {

    @Test
    void bench() {
        SkillExtractor skills = new SkillExtractor();
        Embedder embedder = MatchEvaluation.embedder();
        long t0 = System.nanoTime();
        MatchEvaluation eval = MatchEvaluation.run(embedder, skills);
        double embedSeconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder out = new StringBuilder("\n=== match score benchmark (ai-service MatchBench)\n");
        out.append(String.format("evaluation set: %d resumes x %d listings, %d texts embedded in %.1f s (model load "
                + "included)%n", eval.resumes.size(), eval.listings.size(), eval.resumes.size() + eval.listings.size(),
                embedSeconds));
        out.append(String.format("%-22s %12s %9s%n", "ranking", "precision@5", "NDCG@10"));
        for (MatchEvaluation.Metrics m : eval.metrics()) {
            out.append(String.format("%-22s %12.3f %9.3f%n", m.ranking(), m.precisionAt5(), m.ndcgAt10()));
        }
        if (Boolean.getBoolean("bench.match.details")) {
            for (MatchEvaluation.Text r : eval.resumes) {
                out.append(r.id()).append(" blend ").append(eval.rank(r.id(), MatchEvaluation.Scored::blend)
                        .subList(0, 6)).append(" emb ").append(eval.rank(r.id(), MatchEvaluation.Scored::embedding)
                        .subList(0, 6)).append(" skills ").append(eval.rank(r.id(), MatchEvaluation.Scored::skills)
                        .subList(0, 6)).append('\n');
            }
        }

        int n = Integer.getInteger("bench.match.listings", 100_000);
        MatchIndex index = new MatchIndex(skills);
        Random random = new Random(15);
        List<String> names = skills.skills();
        float[][] seeds = eval.listings.stream().map(l -> embedder.embedNow(l.title() + "\n\n" + l.text()))
                .toArray(float[][]::new);
        for (int i = 0; i < n; i++) {
            // a real listing's vector, moved a little: realistic spread of scores, so the heap works as in use
            float[] v = seeds[i % seeds.length].clone();
            for (int d = 0; d < v.length; d++) {
                v[d] += (float) (random.nextGaussian() * 0.03);
            }
            List<String> some = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                some.add(names.get(random.nextInt(names.size())));
            }
            index.put("job-" + i, Embedder.normalised(v), some, new MatchIndex.Listing("t", "c", "Remote",
                    random.nextBoolean(), "FULL_TIME", "REMOTIVE", null, null, some));
        }
        float[] resume = embedder.embedNow(eval.resumes.get(0).text());
        List<String> resumeSkills = skills.extract(eval.resumes.get(0).text());
        // recommendedJobs ranks the listings the user's searches returned: the worst case is a user whose searches
        // returned every listing (the bench line), the usual one a few thousand
        List<String> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add("job-" + i);
        }
        out.append(timeTop(index, resume, resumeSkills, all,
                String.format("top-20 over %,d listings (8-bit scan + exact re-scoring, 1 thread)", n)));
        // the same scan without a candidate set (MatchIndex.top): what the candidate lookups add to the line above
        out.append(timeTop(index, resume, resumeSkills, null,
                String.format("top-20 over %,d listings, no candidate set (MatchIndex.top)", n)));
        List<String> some = new ArrayList<>(all);
        java.util.Collections.shuffle(some, random);
        some = some.subList(0, Math.min(n, 2_000));
        out.append(timeTop(index, resume, resumeSkills, some, String.format(
                "top-20 among a user's %,d search results in %,d listings", some.size(), n)));
        long t1 = System.nanoTime();
        int texts = 200;
        for (int i = 0; i < texts; i++) {
            embedder.embedNow(eval.listings.get(i % eval.listings.size()).text() + " " + i);
        }
        double perText = (System.nanoTime() - t1) / 1e6 / texts;
        out.append(String.format("embedding: %.1f ms per listing text (1 thread) -> backfill of %,d listings ~%.0f "
                + "min%n", perText, n, perText * n / 60000));
        System.out.println(out);
        embedder.close();
    }

    private static List<MatchIndex.Ranked> rank(MatchIndex index, float[] resume, List<String> resumeSkills,
            List<String> among) {
        return among == null ? index.top(resume, resumeSkills, null, 20)
                : index.topAmong(resume, resumeSkills, null, 20, among);
    }

    /** p50/p99/max of 200 rankings (k = 20; among null: every listing) after 50 warm-up ones. */
    private static String timeTop(MatchIndex index, float[] resume, List<String> resumeSkills, List<String> among,
            String label) {
        for (int w = 0; w < 50; w++) {
            rank(index, resume, resumeSkills, among);
        }
        long[] times = new long[200];
        for (int q = 0; q < times.length; q++) {
            long s = System.nanoTime();
            List<MatchIndex.Ranked> top = rank(index, resume, resumeSkills, among);
            times[q] = System.nanoTime() - s;
            if (top.size() != Math.min(20, among == null ? index.size() : among.size())) {
                throw new AssertionError("top-20 returned " + top.size());
            }
        }
        Arrays.sort(times);
        return String.format("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (200 rankings after 50 warm-up)%n", label,
                times[100] / 1e6, times[197] / 1e6, times[199] / 1e6);
    }
}
