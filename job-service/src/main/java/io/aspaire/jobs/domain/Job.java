package io.aspaire.jobs.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** A canonical job listing as the API shows it; the federation entity Job owned by job-service. */
@Name("Job")
@Key(fields = @FieldSet("id"))
@Description("A job listing (canonical: the same job seen on several sources is one Job)")
public record Job(
        @Id String id,
        @Description("Source of the canonical listing: REMOTIVE or SERPAPI") String source,
        @Description("Every source this job was seen on") List<String> seenOn,
        String externalId,
        String title,
        String company,
        String location,
        boolean remote,
        @Description("FULL_TIME, PART_TIME, CONTRACT, FREELANCE, INTERNSHIP, TEMPORARY or OTHER") String jobType,
        BigDecimal salaryMin,
        BigDecimal salaryMax,
        @Description("ISO-4217") String salaryCurrency,
        @Description("HOUR, DAY, WEEK, MONTH or YEAR") String salaryPeriod,
        @Description("The salary as the source wrote it") String salaryText,
        @Description("Plain text") String description,
        @Description("Sanitized HTML (safe tags only)") String descriptionHtml,
        List<String> tags,
        List<Highlight> highlights,
        String applyUrl,
        List<ApplyLink> applyLinks,
        OffsetDateTime postedAt,
        OffsetDateTime firstSeen,
        OffsetDateTime lastSeen) {
}
