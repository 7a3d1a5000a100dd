package io.aspaire.jobs.messaging.in;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** aspaire.preferences.v1 PreferencesChanged: the fields job-service uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreferencesChanged(String userId, List<String> jobTitles, List<String> locations, String remote) {
}
