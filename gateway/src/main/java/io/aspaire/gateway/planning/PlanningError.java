package io.aspaire.gateway.planning;

import java.util.List;

/** A part of the operation the planner cannot route to any subgraph; reported as a GraphQL error at {@code path}. */
public record PlanningError(String message, List<Object> path) {
}
