package io.aspaire.pipeline.domain;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/**
 * The {@code Job} entity owned by job-service, known here by its key only. This subgraph contributes
 * {@code Job.application} (the caller's application for that job), so the key is resolvable here.
 */
@Name("Job")
@Key(fields = @FieldSet("id"))
public record JobRef(@Id @NonNull String id) {
}
