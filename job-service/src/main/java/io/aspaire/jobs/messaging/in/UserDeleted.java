package io.aspaire.jobs.messaging.in;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** aspaire.users.v1 UserDeleted. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserDeleted(String userId) {
}
