package io.aspaire.gateway.execution;

import java.util.List;
import java.util.Map;

/**
 * The JSON a subgraph answered: {@code data} (may be {@code null}) and {@code errors} (may be empty);
 * {@code unauthorized} when it answered HTTP 401 (it refused the client's token).
 */
public record SubgraphResponse(Map<String, Object> data, List<Map<String, Object>> errors, boolean unauthorized) {
}
