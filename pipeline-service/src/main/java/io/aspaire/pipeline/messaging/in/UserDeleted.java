package io.aspaire.pipeline.messaging.in;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** UserDeleted from aspaire.users.v1 (docs/events.md): the id is all this service needs. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserDeleted(String userId) {

    public static final String TYPE = "UserDeleted";
}
