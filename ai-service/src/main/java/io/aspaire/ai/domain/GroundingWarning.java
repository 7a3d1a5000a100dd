package io.aspaire.ai.domain;

import org.eclipse.microprofile.graphql.Description;

/** A statement in a generated letter that the resume does not support. */
@Description("A claim in a generated letter that the resume does not support")
public class GroundingWarning {

    /** The claim as it appears (or is paraphrased) in the letter. */
    public String claim;
    /** EMPLOYER, DEGREE, SKILL, EXPERIENCE or OTHER. */
    public String category;
    public String reason;
    /** RULE (deterministic check in ai-service) or MODEL (second model pass). */
    public String detectedBy;

    public GroundingWarning() {
    }

    public GroundingWarning(String claim, String category, String reason, String detectedBy) {
        this.claim = claim;
        this.category = category;
        this.reason = reason;
        this.detectedBy = detectedBy;
    }
}
