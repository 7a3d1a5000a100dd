package io.aspaire.ai.service;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.service.Result;
import io.aspaire.ai.client.LlmClient;
import io.aspaire.ai.client.ProviderErrors;
import io.aspaire.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;

/** A metered model call: provider configured? user under the limit? then call, and ledger the outcome. */
@ApplicationScoped
public class ModelCalls {

    private final LlmClient llm;
    private final UsageLedger ledger;

    public ModelCalls(LlmClient llm, UsageLedger ledger) {
        this.llm = llm;
        this.ledger = ledger;
    }

    public String model() {
        return llm.modelName();
    }

    /** {@code call} is one AI service method, e.g. {@code () -> summaryAi.summarise(text)}; returns its text. */
    public Uni<String> call(String userId, String feature, Supplier<Result<String>> call) {
        return Uni.createFrom().voidItem()
                .invoke(llm::requireConfigured)
                .chain(() -> ledger.checkAllowance(userId))
                .chain(() -> {
                    long start = System.nanoTime();
                    return llm.chat(call)
                            .call(answer -> ledger.record(userId, feature, llm.modelName(), answer.tokensIn(),
                                    answer.tokensOut(), (System.nanoTime() - start) / 1_000_000))
                            .onFailure(e -> !(e instanceof ApiException)).call(e -> ledger.recordFailure(userId,
                                    feature, llm.modelName(), (System.nanoTime() - start) / 1_000_000,
                                    e.getClass().getSimpleName()))
                            .onFailure().transform(ProviderErrors::translate)
                            .map(answer -> answer.text());
                });
    }
}
