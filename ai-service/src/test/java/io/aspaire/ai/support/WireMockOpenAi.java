package io.aspaire.ai.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stub of the OpenAI API (/v1/chat/completions) on a free port: plain JSON completions, SSE streams, 429s, 500s.
 * Tests stub per prompt marker (the system prompts start with "TASK: ...") and verify the requests the service made.
 */
public class WireMockOpenAi implements QuarkusTestResourceLifecycleManager {

    public static final String PATH = "/v1/chat/completions";
    private static WireMockServer server;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return Map.of(
                "quarkus.langchain4j.openai.base-url", "http://localhost:" + server.port() + "/v1/",
                "aspaire.ai.openai.api-key", "test-key",
                "aspaire.ai.openai.model-name", "gpt-test",
                // fast retries in tests; the policy (3 retries, exponential) is the production one
                "io.aspaire.ai.client.LlmClient/chat/Retry/delay", "20",
                "io.aspaire.ai.client.LlmClient/chat/Retry/jitter", "0",
                "aspaire.ai.calls-per-hour", "25");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static WireMockServer server() {
        return server;
    }

    /** A request to the completions endpoint whose body contains {@code marker}. */
    public static MappingBuilder completion(String marker) {
        return post(urlEqualTo(PATH)).withRequestBody(containing(marker));
    }

    /** A chat completion answer with {@code content}. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(String content) {
        try {
            String body = MAPPER.writeValueAsString(Map.of(
                    "id", "chatcmpl-test", "object", "chat.completion", "created", 1_700_000_000, "model", "gpt-test",
                    "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", content))),
                    "usage", Map.of("prompt_tokens", 120, "completion_tokens", 40, "total_tokens", 160)));
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSE stream of {@code tokens}, then a final chunk with usage, then [DONE]. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stream(String... tokens) {
        String chunks = Stream.of(tokens).map(t -> "data: " + chunk(Map.of("role", "assistant", "content", t), null,
                null) + "\n\n").collect(Collectors.joining());
        String last = "data: " + chunk(Map.of(), "stop", Map.of("prompt_tokens", 50, "completion_tokens",
                tokens.length, "total_tokens", 50 + tokens.length)) + "\n\n";
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(chunks + last + "data: [DONE]\n\n");
    }

    private static String chunk(Map<String, Object> delta, String finish, Map<String, Object> usage) {
        try {
            java.util.Map<String, Object> choice = new java.util.HashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", finish);
            java.util.Map<String, Object> c = new java.util.HashMap<>();
            c.put("id", "chatcmpl-stream");
            c.put("object", "chat.completion.chunk");
            c.put("created", 1_700_000_000);
            c.put("model", "gpt-test");
            c.put("choices", java.util.List.of(choice));
            if (usage != null) {
                c.put("usage", usage);
            }
            return MAPPER.writeValueAsString(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"stub " + status + "\",\"type\":\"test\"}}");
    }
}
