package io.aspaire.gateway.composition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gateway currently serves: the subgraphs in the supergraph, the configured ones that are not (down or
 * rejected), the last fetch error per subgraph and the errors of the last failed composition (if any).
 */
public record CompositionStatus(boolean ready, Instant composedAt, List<String> composedSubgraphs,
        List<String> missingSubgraphs, Map<String, String> subgraphErrors, List<String> compositionErrors) {
}
