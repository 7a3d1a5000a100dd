package io.aspaire.pipeline.api;

import io.aspaire.platform.input.TextLength;

/** setReminder's optional note (blank is no note; at most 500 characters after trimming). */
public record ReminderInput(@TextLength(max = ReminderInput.MAX_NOTE) String note) {

    public static final int MAX_NOTE = 500;

    public ReminderInput {
        note = note == null || note.isBlank() ? null : note.trim();
    }
}
