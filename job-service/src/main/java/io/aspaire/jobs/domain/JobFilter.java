package io.aspaire.jobs.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** Filters of Query.jobs; every one is optional and they combine with AND. Checked by platform input.Validation. */
@Input("JobFilter")
public class JobFilter {
    @Description("Free text (PostgreSQL full-text search over title, company, description; web-search syntax)")
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
    // above this is a mistake (and a huge number would only burden the database)
    @DecimalMin(value = "0", message = "must not be negative")
    @DecimalMax(value = "1000000000000", message = "must be at most 1000000000000")
    public BigDecimal salaryMin;
    public OffsetDateTime postedAfter;
    @Description("A source name (REMOTIVE, SERPAPI, ...): listings seen on that source")
    @Size(max = 20, message = "must be at most 20 characters")
    public String source;

    public JobFilter() {
    }
}
