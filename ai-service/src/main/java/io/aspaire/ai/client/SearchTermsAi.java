package io.aspaire.ai.client;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** Search terms for a resume (JSON asked for in the system message); no chat memory. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface SearchTermsAi {

    @SystemMessage(Prompts.SEARCH_TERMS_SYSTEM)
    @UserMessage("Propose job search terms for this resume.\n{resume}")
    Result<String> propose(String resume);
}
