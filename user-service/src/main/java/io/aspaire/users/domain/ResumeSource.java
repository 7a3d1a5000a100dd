package io.aspaire.users.domain;

/** Where a resume's text came from: an uploaded file (PDF, DOCX, text) or text pasted by the user. */
public enum ResumeSource {
    UPLOAD, PASTE
}
