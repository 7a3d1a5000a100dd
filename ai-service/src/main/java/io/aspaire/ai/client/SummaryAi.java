package io.aspaire.ai.client;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** The model's job summary (JSON asked for in the system message); no chat memory: every call stands alone. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface SummaryAi {

    @SystemMessage(Prompts.SUMMARY_SYSTEM)
    @UserMessage("Summarise this job listing.\n{job}")
    Result<String> summarise(String job);
}
