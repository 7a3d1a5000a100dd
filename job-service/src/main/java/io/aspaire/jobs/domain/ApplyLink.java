package io.aspaire.jobs.domain;

/** One place to apply: SerpAPI lists several (LinkedIn, the company site...), Remotive one. */
public record ApplyLink(String title, String link) {
}
