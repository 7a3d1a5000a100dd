package io.aspaire.jobs.domain;

import java.util.List;

/** A titled list of bullet points (SerpAPI job_highlights: Qualifications, Responsibilities, Benefits). */
public record Highlight(String title, List<String> items) {
}
