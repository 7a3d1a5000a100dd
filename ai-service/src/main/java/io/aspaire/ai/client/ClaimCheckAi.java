package io.aspaire.ai.client;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** The second pass over a letter: claims the resume does not support (JSON); no chat memory. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface ClaimCheckAi {

    @SystemMessage(Prompts.CLAIM_CHECK_SYSTEM)
    @UserMessage("The resume:\n{resume}\nThe letter:\n{letter}")
    Result<String> check(String resume, String letter);
}
