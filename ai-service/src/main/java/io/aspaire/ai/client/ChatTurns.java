package io.aspaire.ai.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.quarkiverse.langchain4j.observability.AiServiceSelector;

/**
 * The chat memory {@link ChatAi} reads: the conversation is stored in MongoDB (ai_conversations), so the memory only
 * holds one answer's messages -- the system message and the earlier turns ai-service chose -- under an id made for
 * that answer, and is dropped when the answer ends. It also keeps what the provider reported for that answer (the
 * token usage of the completed stream) until the ledger asks for it.
 */
@ApplicationScoped
public class ChatTurns implements ChatMemoryProvider {

    /** Far above what ai-service sends (system message + at most the configured history turns + one exchange). */
    private static final int MAX_MESSAGES = 1000;

    private final InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    private final Map<String, TokenUsage> usage = new ConcurrentHashMap<>();

    /** Starts one answer with its system message and earlier turns; returns the memory id to pass to the model. */
    public String begin(List<ChatMessage> systemAndHistory) {
        String turnId = UUID.randomUUID().toString();
        store.updateMessages(turnId, systemAndHistory);
        return turnId;
    }

    /** Ends an answer (completed, failed or cancelled): forgets its messages, returns its token usage if reported. */
    public TokenUsage end(String turnId) {
        store.deleteMessages(turnId);
        return usage.remove(turnId);
    }

    @Override
    public ChatMemory get(Object memoryId) {
        return MessageWindowChatMemory.builder().id(memoryId).maxMessages(MAX_MESSAGES).chatMemoryStore(store)
                .build();
    }

    /** The provider's final response of a streamed answer carries its token usage. */
    void onResponse(@Observes @AiServiceSelector(ChatAi.class) AiServiceResponseReceivedEvent event) {
        Object turnId = event.invocationContext().chatMemoryId();
        if (turnId != null && event.response() != null && event.response().tokenUsage() != null) {
            usage.put(turnId.toString(), event.response().tokenUsage());
        }
    }
}
