package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.CoverLetterDoc;
import io.aspaire.ai.domain.GroundingWarning;

/** GraphQL output of a generated letter. */
@Name("CoverLetter")
@Description("A generated cover letter with the claims a grounding check found unsupported by the resume")
public record CoverLetter(@Id @NonNull String id, @Id String jobId, @Id String resumeId, String tone,
        @NonNull String text, @NonNull List<@NonNull GroundingWarning> warnings, String model, String createdAt) {

    /** The one mapping from the stored letter. */
    static CoverLetter of(CoverLetterDoc d) {
        return new CoverLetter(d.id, d.jobId, d.resumeId, d.tone, d.text,
                d.warnings == null ? List.of() : d.warnings, d.model, Outputs.iso(d.createdAt));
    }
}
