package io.aspaire.ai.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.aspaire.ai.service.CoverLetterService;

/** One item of coverLetterStream: a token, or (the last item) the stored letter. */
@Name("CoverLetterChunk")
@Description("A piece of a streamed cover letter: tokens as the model sends them, then one last item with the stored "
        + "letter (its id, the whole text and the grounding warnings)")
public record CoverLetterChunk(
        @Description("The next piece of the letter's text; null on the last item") String token,
        @NonNull @Description("True on the last item, which carries coverLetter") Boolean done,
        @Description("The stored letter, on the last item only") CoverLetter coverLetter) {

    static CoverLetterChunk of(CoverLetterService.Streamed item) {
        return item.letter() == null ? new CoverLetterChunk(item.token(), false, null)
                : new CoverLetterChunk(null, true, CoverLetter.of(item.letter()));
    }
}
