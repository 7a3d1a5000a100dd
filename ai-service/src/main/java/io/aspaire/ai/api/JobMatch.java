package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.MatchScore;

@Description("How well the caller's resume fits a listing: a 0-100 blend of text similarity (in-process embeddings) "
        + "and skill coverage, with the skills behind it")
public record JobMatch(
        @NonNull @Description("0-100: 65 % embedding similarity, 35 % share of the listing's skills the resume has")
        Integer score,
        @NonNull @Description("Skills the listing asks for that the resume has") List<@NonNull String> matchedSkills,
        @NonNull @Description("Skills the listing asks for that the resume lacks") List<@NonNull String> missingSkills,
        @Id @NonNull @Description("The resume scored (the caller's default resume)") String resumeId) {

    static JobMatch of(MatchScore score, String resumeId) {
        return score == null ? null
                : new JobMatch(score.score(), score.matchedSkills(), score.missingSkills(), resumeId);
    }
}
