package io.aspaire.ai.api;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/**
 * recommendedJobs' filter: the fields of job-service's {@code JobFilter} with the same rules. Its own name: input
 * types of one name are merged across subgraphs by intersection, so a second {@code JobFilter} would narrow jobs'.
 */
@Input("MatchFilter")
@Description("The filters of `jobs` (job-service), applied to the recommended listings")
public class MatchFilter {
    @Description("Every word appears in the title, company or skills (case-insensitive; not job-service's full-text "
            + "search: ai-service keeps no text index)")
    @Size(max = 200, message = "must be at most 200 characters")
    public String text;
    @Description("Location contains (case-insensitive)")
    @Size(max = 200, message = "must be at most 200 characters")
    public String location;
    public Boolean remote;
    @Description("FULL_TIME, PART_TIME, CONTRACT, FREELANCE, INTERNSHIP, TEMPORARY or OTHER")
    @Pattern(regexp = "(?i)\\s*(FULL_TIME|PART_TIME|CONTRACT|FREELANCE|INTERNSHIP|TEMPORARY|OTHER)\\s*",
            message = "must be one of CONTRACT, FREELANCE, FULL_TIME, INTERNSHIP, OTHER, PART_TIME, TEMPORARY")
    public String jobType;
    @Description("Listings whose (maximum) salary reaches at least this amount")
    @DecimalMin(value = "0", message = "must not be negative")
    @DecimalMax(value = "1000000000000", message = "must be at most 1000000000000")
    public BigDecimal salaryMin;
    public OffsetDateTime postedAfter;
    @Description("A source name (REMOTIVE, SERPAPI, ...): listings seen on that source")
    @Size(max = 20, message = "must be at most 20 characters")
    public String source;

    public MatchFilter() {
    }
}
