package io.aspaire.users.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A user's job-search preferences as REST, GraphQL and PreferencesChanged show them (the full set, not a diff). */
public record Preferences(
        @Id @NonNull String userId,
        @NonNull List<@NonNull String> jobTitles,
        @NonNull List<@NonNull String> locations,
        @NonNull List<@NonNull String> skills,
        @NonNull List<@NonNull String> industries,
        Remote remote,
        BigDecimal salaryMin,
        BigDecimal salaryMax,
        String salaryCurrency,
        @NonNull List<@NonNull JobType> jobTypes,
        @NonNull Notifications notifications,
        int pageSize,
        @NonNull List<@NonNull WatchedCompany> watchedCompanies,
        OffsetDateTime updatedAt) {

    public static final int DEFAULT_PAGE_SIZE = 20;

    /** What a user who never saved preferences gets (nothing persisted). */
    public static Preferences defaults(String userId) {
        return new Preferences(userId, List.of(), List.of(), List.of(), List.of(), null, null, null, null, List.of(),
                new Notifications(true, true), DEFAULT_PAGE_SIZE, List.of(), null);
    }

    public static Preferences of(PreferencesEntity e) {
        return new Preferences(e.userId.toString(), list(e.jobTitles), list(e.locations), list(e.skills),
                list(e.industries), e.remote, e.salaryMin, e.salaryMax, e.salaryCurrency,
                list(e.jobTypes).stream().map(JobType::valueOf).toList(),
                new Notifications(e.notifyEmail, e.notifyReminders), e.pageSize,
                e.watchedCompanies == null ? List.of() : e.watchedCompanies.list(), e.updatedAt);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
