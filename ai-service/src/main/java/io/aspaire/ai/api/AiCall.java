package io.aspaire.ai.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

import io.aspaire.ai.domain.AiOutputDoc;

/** GraphQL output of one ledger entry. */
@Name("AiCall")
@Description("One ledger entry: a model call or a cache hit")
public record AiCall(String feature, String model, int tokensIn, int tokensOut, long latencyMs, boolean cacheHit,
        String outcome, String at) {

    /** The one mapping from a ledger entry. */
    static AiCall of(AiOutputDoc d) {
        return new AiCall(d.feature, d.model, d.tokensIn, d.tokensOut, d.latencyMs, d.cacheHit, d.outcome,
                Outputs.iso(d.at));
    }
}
