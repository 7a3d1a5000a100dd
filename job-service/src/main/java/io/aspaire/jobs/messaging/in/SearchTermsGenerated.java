package io.aspaire.jobs.messaging.in;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** aspaire.ai.v1 SearchTermsGenerated: the fields job-service uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchTermsGenerated(String userId, String termsId, List<String> titles, List<String> skills,
        List<String> locations) {
}
