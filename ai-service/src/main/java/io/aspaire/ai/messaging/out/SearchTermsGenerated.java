package io.aspaire.ai.messaging.out;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of aspaire.ai.v1 SearchTermsGenerated, exactly as docs/events.md lists it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SearchTermsGenerated(String userId, String termsId, String resumeId, List<String> titles,
        List<String> skills, List<String> locations, String model, String generatedAt) {
}
