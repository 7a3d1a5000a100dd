package io.aspaire.jobs.domain;

import java.time.Instant;
import java.util.List;

/**
 * A listing in the one shape every source is turned into (by service.Normalizer), ready to be upserted into job_listings.
 * {@code rawJson} is the source's own JSON object for this job, kept verbatim.
 */
public record NormalizedJob(
        String source,
        String externalId,
        String fingerprint,
        String title,
        String company,
        String location,
        boolean remote,
        String jobType,
        Salary salary,
        String description,
        String descriptionHtml,
        List<String> tags,
        List<Highlight> highlights,
        List<ApplyLink> applyLinks,
        String applyUrl,
        Instant postedAt,
        String rawJson) {
}
