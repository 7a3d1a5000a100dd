package io.aspaire.ai.client;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** A cover letter in a tone, from a resume for a job (both fenced data); no chat memory. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface CoverLetterAi {

    @SystemMessage(Prompts.COVER_LETTER_SYSTEM)
    @UserMessage(Prompts.COVER_LETTER_REQUEST)
    Result<String> write(String tone, String resume, String job);
}
