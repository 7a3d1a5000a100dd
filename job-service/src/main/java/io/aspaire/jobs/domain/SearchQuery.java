package io.aspaire.jobs.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One search a user's ingestion runs: built from their preferences (title x location) or from AI search terms.
 * The rotation picks the least recently run queries first, so each day covers a different slice within the budget.
 */
@Entity
@Table(name = "search_queries")
public class SearchQuery extends PanacheEntityBase {

    public static final String PREFERENCES = "PREFERENCES";
    public static final String AI_TERMS = "AI_TERMS";

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String origin;
    public String query;
    public String location;
    public boolean remote;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_run_at")
    public Instant lastRunAt;
    @Column(name = "last_result_count")
    public Integer lastResultCount;
    public int runs;

    /** The search itself, whoever asked for it: the same search is fetched once per run. */
    public SearchSpec spec() {
        return new SearchSpec(query, location, remote);
    }
}
