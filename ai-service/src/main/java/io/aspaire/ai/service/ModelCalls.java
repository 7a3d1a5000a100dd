package io.aspaire.ai.service;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.service.Result;
import io.aspaire.ai.client.LlmClient;
import io.aspaire.ai.client.ProviderErrors;
import io.aspaire.platform.errors.ApiException;
import io.smallrye.mutiny.Multi;
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

    /**
     * A metered streamed answer: the same checks as {@link #call}, then the model's tokens as they arrive and one
     * final part (text null) once the ledger has the provider's token count. Not retried: tokens may already be shown.
     */
    public Multi<LlmClient.StreamPart> stream(String userId, String feature, List<ChatMessage> context, String text) {
        return Uni.createFrom().voidItem()
                .invoke(llm::requireConfigured)
                .chain(() -> ledger.checkAllowance(userId))
                .onItem().transformToMulti(ignored -> {
                    long start = System.nanoTime();
                    return llm.stream(context, text)
                            .onItem().call(part -> part.text() != null ? Uni.createFrom().voidItem()
                                    : ledger.record(userId, feature, llm.modelName(), part.usage().tokensIn(),
                                            part.usage().tokensOut(), (System.nanoTime() - start) / 1_000_000))
                            .onFailure(e -> !(e instanceof ApiException)).call(e -> ledger.recordFailure(userId,
                                    feature, llm.modelName(), (System.nanoTime() - start) / 1_000_000,
                                    e.getClass().getSimpleName()));
                })
                .onFailure().transform(ProviderErrors::translate);
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
