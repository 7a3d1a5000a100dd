package io.aspaire.ai.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** The Job entity owned by job-service; ai-service contributes the {@code aiSummary} field. */
@Key(fields = @FieldSet("id"))
@Description("A job listing (owned by job-service); ai-service adds aiSummary")
public class Job {

    @Id
    @NonNull
    public String id;

    public Job() {
    }

    public Job(String id) {
        this.id = id;
    }
}
