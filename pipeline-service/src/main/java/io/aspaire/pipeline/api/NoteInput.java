package io.aspaire.pipeline.api;

import jakarta.validation.constraints.NotBlank;

import io.aspaire.platform.input.TextLength;

/** The text of a note (addJobNote, editJobNote): 1 to 5000 characters after trimming (the column's size). */
public record NoteInput(@NotBlank(message = "must not be blank") @TextLength(max = NoteInput.MAX) String content) {

    public static final int MAX = 5000;

    public NoteInput {
        content = content == null ? null : content.trim();
    }
}
