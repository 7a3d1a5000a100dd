package io.aspaire.jobs.client;

import java.util.List;

import io.aspaire.jobs.domain.ApplyLink;
import io.aspaire.jobs.domain.Highlight;

/**
 * One listing as a source wrote it, before the shared normalize step: free-text job type, salary and posting date,
 * the description as HTML or plain text. Any field may be null; a listing without a title is skipped.
 *
 * @param externalId the source's id, or null (then a stable id is derived from title, company and location)
 * @param rawJson    the source's own JSON object for this job, kept verbatim
 */
public record SourceListing(String externalId, String title, String company, String location, boolean remote,
        String jobType, String salary, String description, boolean descriptionIsHtml, List<String> tags,
        List<Highlight> highlights, List<ApplyLink> applyLinks, String applyUrl, String postedAt, String rawJson) {
}
