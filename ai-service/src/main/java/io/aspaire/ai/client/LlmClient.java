package io.aspaire.ai.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import io.aspaire.ai.config.AiConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one door to the OpenAI-compatible provider: the quarkus-langchain4j AI services ({@link SummaryAi},
 * {@link SearchTermsAi}, {@link CoverLetterAi}, {@link ClaimCheckAi}, {@link ChatAi}) are only called through here.
 * Plain calls are retried with exponential backoff on 429/5xx/timeouts and guarded by a circuit breaker (the
 * extension's own retries are off, {@code quarkus.langchain4j.openai.max-retries=1}, so the policy lives in one
 * place). With no API key nothing is sent: calls fail with a clear 503 and the rest of the service (health, read
 * models, stored data) works.
 */
@ApplicationScoped
public class LlmClient {

    public static final String NOT_CONFIGURED = "AI provider not configured: set OPENAI_API_KEY "
            + "(and OPENAI_BASE_URL / OPENAI_MODEL for another OpenAI-compatible provider)";

    private final AiConfig.OpenAi config;
    private final ChatAi chat;
    private final ChatTurns turns;

    public LlmClient(AiConfig config, ChatAi chat, ChatTurns turns) {
        this.config = config.openai();
        this.chat = chat;
        this.turns = turns;
    }

    public boolean configured() {
        return config.apiKey().filter(k -> !k.isBlank()).isPresent();
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

    /** What a completed call returned: the text and the tokens the provider counted. */
    public record Answer(String text, int tokensIn, int tokensOut) {

        static Answer of(Result<String> result) {
            TokenUsage usage = result == null ? null : result.tokenUsage();
            return new Answer(result == null ? null : result.content(), tokens(usage, true), tokens(usage, false));
        }

        static int tokens(TokenUsage usage, boolean in) {
            Integer count = usage == null ? null : in ? usage.inputTokenCount() : usage.outputTokenCount();
            return count == null ? 0 : count;
        }
    }

    /**
     * One completion through an AI service method ({@code call}, e.g. {@code () -> summaries.summarise(text)}); its
     * blocking HTTP runs on a worker thread.
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 100, retryOn = RetriableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 8000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 30000, successThreshold = 2,
            failOn = RetriableException.class)
    public Uni<Answer> chat(Supplier<Result<String>> call) {
        requireConfigured();
        return Uni.createFrom().item(() -> Answer.of(call.get()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(LlmClient::retriable);
    }

    /**
     * A streamed answer: the system message and earlier turns in {@code context}, then {@code text}; partial texts,
     * then one final part with the token usage. Not retried (tokens may already be shown).
     */
    public Multi<StreamPart> stream(List<ChatMessage> context, String text) {
        requireConfigured();
        return Multi.createFrom().deferred(() -> {
            String turnId = turns.begin(context);
            return chat.answer(turnId, text)
                    .map(partial -> new StreamPart(partial, null))
                    .onCompletion().continueWith(() -> List.of(new StreamPart(null, usage(turns.end(turnId)))))
                    .onTermination().invoke(() -> turns.end(turnId));
        });
    }

    private static Answer usage(TokenUsage usage) {
        return new Answer(null, Answer.tokens(usage, true), Answer.tokens(usage, false));
    }

    /**
     * The provider's HTTP failures as LangChain4j's types: retriable where a retry can help (429, 5xx), so the retry
     * policy and the circuit breaker see them whichever way the client reported them; a refused key as such.
     */
    static Throwable retriable(Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof HttpException) && !(cause instanceof RetriableException)) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpException http) {
            if (http.statusCode() == 401 || http.statusCode() == 403) {
                return new AuthenticationException(http.getMessage());
            }
            if (http.statusCode() == 429) {
                return new RateLimitException(http.getMessage());
            }
            if (http.statusCode() >= 500) {
                return new InternalServerException(http.getMessage());
            }
        }
        return cause instanceof RetriableException ? cause : e;
    }

    /** Either a token ({@code text}) or the final part ({@code usage}) of a streamed answer. */
    public record StreamPart(String text, Answer usage) {
    }
}
