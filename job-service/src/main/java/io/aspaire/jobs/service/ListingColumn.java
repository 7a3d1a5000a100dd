package io.aspaire.jobs.service;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns JobSearch can read for a Job, and which of them each field of the GraphQL type Job needs. ID and
 * SORT_AT are always read (the identity and the cursor); every other column only when a selected field needs it.
 */
enum ListingColumn {
    ID("cast(j.id as text)"),
    SORT_AT("cast(extract(epoch from j.sort_at) * 1000000 as bigint)"),
    SOURCE("j.source"),
    EXTERNAL_ID("j.external_id"),
    TITLE("j.title"),
    COMPANY("j.company"),
    LOCATION("j.location"),
    REMOTE("j.remote"),
    JOB_TYPE("j.job_type"),
    SALARY_MIN("j.salary_min"),
    SALARY_MAX("j.salary_max"),
    SALARY_CURRENCY("j.salary_currency"),
    SALARY_PERIOD("j.salary_period"),
    SALARY_TEXT("j.salary_text"),
    DESCRIPTION("j.description"),
    DESCRIPTION_HTML("j.description_html"),
    TAGS("cast(j.tags as text)"),
    HIGHLIGHTS("cast(j.highlights as text)"),
    APPLY_URL("j.apply_url"),
    APPLY_LINKS("cast(j.apply_links as text)"),
    POSTED_AT("cast(extract(epoch from j.posted_at) * 1000000 as bigint)"),
    FIRST_SEEN("cast(extract(epoch from j.first_seen) * 1000000 as bigint)"),
    LAST_SEEN("cast(extract(epoch from j.last_seen) * 1000000 as bigint)"),
    /** Every source the listing was seen on: one index probe per row, so only when seenOn is asked for. */
    SEEN_ON("(select string_agg(distinct o.source, ',') from job_listings o where o.canonical_id = j.id)");

    final String sql;

    ListingColumn(String sql) {
        this.sql = sql;
    }

    /**
     * The columns each field of Job needs, by its GraphQL name (the record component's). ListingColumnTest checks
     * that every component of Job is here: a field added to Job without a column would otherwise answer null.
     */
    static final Map<String, Set<ListingColumn>> BY_FIELD = byField();

    private static Map<String, Set<ListingColumn>> byField() {
        Map<String, Set<ListingColumn>> m = new HashMap<>();
        m.put("id", EnumSet.of(ID));
        m.put("source", EnumSet.of(SOURCE));
        // a listing seen on no other source is seen on its own
        m.put("seenOn", EnumSet.of(SEEN_ON, SOURCE));
        m.put("externalId", EnumSet.of(EXTERNAL_ID));
        m.put("title", EnumSet.of(TITLE));
        m.put("company", EnumSet.of(COMPANY));
        m.put("location", EnumSet.of(LOCATION));
        m.put("remote", EnumSet.of(REMOTE));
        m.put("jobType", EnumSet.of(JOB_TYPE));
        m.put("salaryMin", EnumSet.of(SALARY_MIN));
        m.put("salaryMax", EnumSet.of(SALARY_MAX));
        m.put("salaryCurrency", EnumSet.of(SALARY_CURRENCY));
        m.put("salaryPeriod", EnumSet.of(SALARY_PERIOD));
        m.put("salaryText", EnumSet.of(SALARY_TEXT));
        m.put("description", EnumSet.of(DESCRIPTION));
        m.put("descriptionHtml", EnumSet.of(DESCRIPTION_HTML));
        m.put("tags", EnumSet.of(TAGS));
        m.put("highlights", EnumSet.of(HIGHLIGHTS));
        m.put("applyUrl", EnumSet.of(APPLY_URL));
        m.put("applyLinks", EnumSet.of(APPLY_LINKS));
        m.put("postedAt", EnumSet.of(POSTED_AT));
        m.put("firstSeen", EnumSet.of(FIRST_SEEN));
        m.put("lastSeen", EnumSet.of(LAST_SEEN));
        return Map.copyOf(m);
    }

    /**
     * The columns for these Job fields; null, or a name that is not a field of Job (other than {@code __typename}),
     * gives every column: a read never answers less than the full Job when it cannot tell what is asked.
     */
    static Set<ListingColumn> forFields(Set<String> fields) {
        if (fields == null) {
            return ALL;
        }
        EnumSet<ListingColumn> out = EnumSet.of(ID, SORT_AT);
        for (String field : fields) {
            Set<ListingColumn> columns = BY_FIELD.get(field);
            if (columns != null) {
                out.addAll(columns);
            } else if (!field.equals("__typename")) {
                return ALL;
            }
        }
        return out;
    }

    static final Set<ListingColumn> ALL = EnumSet.allOf(ListingColumn.class);

    static final List<ListingColumn> VALUES = List.of(values());
}
