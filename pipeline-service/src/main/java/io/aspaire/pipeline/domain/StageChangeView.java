package io.aspaire.pipeline.domain;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("StageChange")
@Description("One step of an application's timeline; 'from' is null for the first one")
public record StageChangeView(Stage from, @NonNull Stage to, @NonNull OffsetDateTime at, String comment) {

    public static StageChangeView of(StageChange c) {
        return new StageChangeView(c.fromStage, c.toStage, c.changedAt, c.comment);
    }
}
