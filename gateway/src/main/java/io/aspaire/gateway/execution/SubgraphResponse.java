package io.aspaire.gateway.execution;

import java.util.List;
import java.util.Map;

/** The JSON a subgraph answered: {@code data} (may be {@code null}) and {@code errors} (may be empty). */
public record SubgraphResponse(Map<String, Object> data, List<Map<String, Object>> errors) {
}
