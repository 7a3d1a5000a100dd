package io.aspaire.users.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's job-search preferences: one row per user, replaced as a whole by PUT / setPreferences. */
@Entity
@Table(name = "preferences")
public class PreferencesEntity extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "job_titles")
    public String[] jobTitles;
    public String[] locations;
    public String[] skills;
    public String[] industries;
    @Enumerated(EnumType.STRING)
    public Remote remote;
    @Column(name = "salary_min")
    public BigDecimal salaryMin;
    @Column(name = "salary_max")
    public BigDecimal salaryMax;
    @Column(name = "salary_currency")
    public String salaryCurrency;
    @Column(name = "job_types")
    public String[] jobTypes;
    @Column(name = "notify_email")
    public boolean notifyEmail;
    @Column(name = "notify_reminders")
    public boolean notifyReminders;
    @Column(name = "page_size")
    public int pageSize;
    /** jsonb: {"companies": [{"ats", "board", "company"}]} */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "watched_companies")
    public WatchedCompanyList watchedCompanies;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
