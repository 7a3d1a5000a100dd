package io.aspaire.pipeline.api;

import jakarta.validation.constraints.NotNull;

import io.aspaire.pipeline.domain.Stage;
import io.aspaire.platform.input.TextLength;

/** moveApplication's stage and optional comment (blank is no comment; at most 1000 characters after trimming). */
public record MoveInput(@NotNull(message = "is required") Stage stage,
        @TextLength(max = MoveInput.MAX_COMMENT) String comment) {

    public static final int MAX_COMMENT = 1000;

    public MoveInput {
        comment = comment == null || comment.isBlank() ? null : comment.trim();
    }
}
