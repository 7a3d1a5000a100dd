package io.aspaire.jobs.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** Filters of Query.jobs; every one is optional and they combine with AND. */
@Input("JobFilter")
public class JobFilter {
    @Description("Free text (PostgreSQL full-text search over title, company, description; web-search syntax)")
    public String text;
    @Description("Location contains (case-insensitive)")
    public String location;
    public Boolean remote;
    @Description("FULL_TIME, PART_TIME, CONTRACT, FREELANCE, INTERNSHIP, TEMPORARY or OTHER")
    public String jobType;
    @Description("Listings whose (maximum) salary reaches at least this amount")
    public BigDecimal salaryMin;
    public OffsetDateTime postedAfter;
    @Description("REMOTIVE or SERPAPI: listings seen on that source")
    public String source;

    public JobFilter() {
    }
}
