package io.aspaire.ai.client;

import io.aspaire.ai.config.AiConfig;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one door to the OpenAI-compatible provider (LangChain4j's OpenAI client). Plain calls are retried with
 * exponential backoff on 429/5xx/timeouts and guarded by a circuit breaker; LangChain4j's own retries are off so the
 * policy lives in one place. With no API key the models are never built: calls fail with a clear 503 and the rest of
 * the service (health, read models, stored data) works.
 */
@ApplicationScoped
public class LlmClient {

    public static final String NOT_CONFIGURED = "AI provider not configured: set OPENAI_API_KEY "
            + "(and OPENAI_BASE_URL / OPENAI_MODEL for another OpenAI-compatible provider)";

    private final AiConfig.OpenAi config;
    private final ChatModel chatModel;
    private final StreamingChatModel streamingModel;

    public LlmClient(AiConfig config) {
        this.config = config.openai();
        if (isConfigured(this.config)) {
            this.chatModel = OpenAiChatModel.builder()
                    .baseUrl(this.config.baseUrl())
                    .apiKey(this.config.apiKey().get())
                    .modelName(this.config.modelName())
                    .temperature(this.config.temperature())
                    .timeout(this.config.timeout())
                    .maxRetries(0)
                    .logRequests(this.config.logRequests())
                    .logResponses(this.config.logRequests())
                    .build();
            this.streamingModel = OpenAiStreamingChatModel.builder()
                    .baseUrl(this.config.baseUrl())
                    .apiKey(this.config.apiKey().get())
                    .modelName(this.config.modelName())
                    .temperature(this.config.temperature())
                    .timeout(this.config.timeout())
                    .logRequests(this.config.logRequests())
                    .logResponses(this.config.logRequests())
                    .build();
        } else {
            this.chatModel = null;
            this.streamingModel = null;
        }
    }

    static boolean isConfigured(AiConfig.OpenAi config) {
        return config.apiKey().filter(k -> !k.isBlank()).isPresent();
    }

    public boolean configured() {
        return chatModel != null;
    }

    /** Fails with 503 "AI provider not configured" when there is no API key. */
    public void requireConfigured() {
        if (!configured()) {
            throw new ServiceUnavailableException(NOT_CONFIGURED);
        }
    }

    public String modelName() {
        return config.modelName();
    }

    /** One completion; blocking HTTP runs on a worker thread. */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 100, retryOn = RetriableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 8000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 30000, successThreshold = 2,
            failOn = RetriableException.class)
    public Uni<ChatResponse> chat(List<ChatMessage> messages) {
        requireConfigured();
        return Uni.createFrom().item(() -> chatModel.chat(ChatRequest.builder().messages(messages).build()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Streamed completion: partial texts, then the final response. Not retried (tokens may already be shown). */
    public Multi<StreamPart> stream(List<ChatMessage> messages) {
        requireConfigured();
        return Multi.createFrom().emitter(emitter -> streamingModel.chat(
                ChatRequest.builder().messages(messages).build(), new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        emitter.emit(new StreamPart(partial, null));
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        emitter.emit(new StreamPart(null, response));
                        emitter.complete();
                    }

                    @Override
                    public void onError(Throwable error) {
                        emitter.fail(error);
                    }
                }));
    }

    /** Either a token ({@code text}) or the final response ({@code complete}). */
    public record StreamPart(String text, ChatResponse complete) {
    }
}
