package io.aspaire.ai.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.domain.AiOutputDoc;
import io.aspaire.ai.service.UsageLedger;
import io.aspaire.platform.input.PageRequest;

/** GraphQL output of a user's usage: ledger totals and one page of entries. */
@Name("AiUsage")
@Description("A user's AI usage: totals over all time and one page of ledger entries, newest first")
public record AiUsage(@Id String userId, long calls,
        @Deprecated @Description("Cache hits recorded before cached reads stopped writing to the ledger (a cached "
                + "read writes nothing now); cache hits are counted by the metric aspaire_ai_cache_hits_total")
        long cacheHits, long tokensIn, long tokensOut, int page,
        int size, List<@NonNull AiCall> entries) {

    /** The one mapping from the ledger's totals and page. */
    static AiUsage of(String userId, UsageLedger.Totals totals, PageRequest request, List<AiOutputDoc> entries) {
        return new AiUsage(userId, totals.calls(), totals.cacheHits(), totals.tokensIn(), totals.tokensOut(),
                request.page(), request.size(), entries.stream().map(AiCall::of).toList());
    }
}
