package io.aspaire.ai.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;

/**
 * Without OPENAI_API_KEY nothing reaches a model and every AI call answers a clear 503 (plain unit test: no app boot;
 * the AI services are absent, so a call that got past the check would fail differently).
 */
class ProviderNotConfiguredTest {

    @Test
    void anEmptyKeyMeansNotConfigured() {
        for (Optional<String> key : List.of(Optional.<String> empty(), Optional.of("  "))) {
            LlmClient client = new LlmClient(config(key), null, null);
            assertFalse(client.configured());
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> client.chat(() -> null));
            assertEquals("AI provider not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL / OPENAI_MODEL for "
                    + "another OpenAI-compatible provider)", e.getMessage());
            assertEquals(503, e.status());
            assertThrows(ServiceUnavailableException.class, () -> client.stream(List.of(), "hi"));
        }
    }

    private static AiConfig config(Optional<String> key) {
        AiConfig.OpenAi openAi = new AiConfig.OpenAi() {
            public Optional<String> apiKey() {
                return key;
            }

            public String modelName() {
                return "m";
            }
        };
        return new AiConfig() {
            public OpenAi openai() {
                return openAi;
            }

            public int callsPerHour() {
                return 1;
            }

            public int chatHistoryTurns() {
                return 1;
            }

            public int chatMaxMessageSize() {
                return 65536;
            }

            public Match match() {
                return null; // LlmClient does not read the match settings
            }

            public SummaryCache summaryCache() {
                return null; // nor the summary copy's
            }

            public Budgets budgets() {
                return new Budgets() {
                    public Duration read() {
                        return Duration.ofSeconds(5);
                    }

                    public Duration model() {
                        return Duration.ofSeconds(60);
                    }
                };
            }
        };
    }
}
