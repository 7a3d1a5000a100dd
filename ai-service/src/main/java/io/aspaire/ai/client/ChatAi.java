package io.aspaire.ai.client;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.smallrye.mutiny.Multi;

/**
 * The streaming chat. The system message (with the job and resume as fenced data) and the earlier turns are the
 * conversation's, stored in MongoDB by ai-service: {@link ChatTurns} hands them to the model under a memory id that
 * lives for one answer ({@code @MemoryId} passed explicitly: the WebSocket integration that would pick one per
 * connection is excluded, see the pom).
 */
@RegisterAiService
public interface ChatAi {

    @UserMessage("{text}")
    Multi<String> answer(@MemoryId String turnId, String text);
}
