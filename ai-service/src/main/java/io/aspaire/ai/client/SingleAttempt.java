package io.aspaire.ai.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;

/**
 * One HTTP attempt per model call. The extension refuses max-retries below 1, and LangChain4j's chat model then
 * retries once more on its own; the retry policy (3 retries, exponential backoff, circuit breaker) is LlmClient's,
 * so the builder's own retries are switched off here, after the configuration was applied.
 */
@ApplicationScoped
public class SingleAttempt implements ModelBuilderCustomizer<OpenAiChatModel.OpenAiChatModelBuilder> {

    @Override
    public void customize(OpenAiChatModel.OpenAiChatModelBuilder builder) {
        builder.maxRetries(0);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // last: nothing after it turns the retries back on
    }
}
