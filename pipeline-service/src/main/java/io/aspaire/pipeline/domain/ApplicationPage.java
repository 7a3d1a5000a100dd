package io.aspaire.pipeline.domain;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;

/** One page of a user's pipeline, newest change first. */
public record ApplicationPage(@NonNull List<@NonNull ApplicationView> items, int page, int size, int totalCount) {
}
