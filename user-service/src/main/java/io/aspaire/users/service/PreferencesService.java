package io.aspaire.users.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.platform.input.Validation;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.events.Topics;
import io.aspaire.platform.outbox.Outbox;
import io.aspaire.platform.security.CurrentUser;
import io.aspaire.users.messaging.out.Events;
import io.aspaire.users.domain.JobType;
import io.aspaire.users.domain.Preferences;
import io.aspaire.users.domain.PreferencesEntity;
import io.aspaire.users.domain.PreferencesInput;
import io.aspaire.users.domain.WatchedCompany;
import io.aspaire.users.domain.WatchedCompanyInput;
import io.aspaire.users.domain.WatchedCompanyList;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Job-search preferences: one row per user, replaced as a whole; every change emits PreferencesChanged. */
@ApplicationScoped
public class PreferencesService {

    private final Outbox outbox;
    private final CurrentUser currentUser;
    private final Validation validation;

    public PreferencesService(Outbox outbox, CurrentUser currentUser, Validation validation) {
        this.outbox = outbox;
        this.currentUser = currentUser;
        this.validation = validation;
    }

    /** The user's preferences, or the defaults if they never saved any. Only the user themself may read them. */
    public Uni<Preferences> get(UUID userId) {
        currentUser.requireSelf(userId);
        return Panache.withSession(() -> PreferencesEntity.<PreferencesEntity> findById(userId))
                .map(p -> p == null ? Preferences.defaults(userId.toString()) : Preferences.of(p));
    }

    public Uni<Preferences> set(UUID userId, PreferencesInput input) {
        currentUser.requireSelf(userId);
        validation.check("preferences", input);
        checkRules(input);
        // the user's row lock: a user's first two saves do not both insert, a deleted account gets 401
        return UserWrites.inTransaction(userId, () -> PreferencesEntity.<PreferencesEntity> findById(userId)
                .chain(existing -> {
                    PreferencesEntity p = existing != null ? existing : new PreferencesEntity();
                    p.userId = userId;
                    p.jobTitles = clean(input.jobTitles());
                    p.locations = clean(input.locations());
                    p.skills = clean(input.skills());
                    p.industries = clean(input.industries());
                    p.remote = input.remote();
                    // two decimals, as stored: the response and PreferencesChanged show what a later GET shows
                    p.salaryMin = input.salaryMin() == null ? null : input.salaryMin().setScale(2);
                    p.salaryMax = input.salaryMax() == null ? null : input.salaryMax().setScale(2);
                    p.salaryCurrency = input.salaryCurrency();
                    p.jobTypes = input.jobTypes() == null ? new String[0]
                            : input.jobTypes().stream().distinct().map(JobType::name).toArray(String[]::new);
                    p.notifyEmail = input.notifications() == null || input.notifications().email();
                    p.notifyReminders = input.notifications() == null || input.notifications().reminders();
                    p.pageSize = input.pageSize() == null ? Preferences.DEFAULT_PAGE_SIZE : input.pageSize();
                    p.watchedCompanies = new WatchedCompanyList(watched(input.watchedCompanies()));
                    p.updatedAt = TokenService.now();
                    Preferences view = Preferences.of(p);
                    return (existing != null ? Uni.createFrom().item(p) : p.<PreferencesEntity> persist())
                            .chain(() -> outbox.publish(Topics.PREFERENCES, Events.PREFERENCES_CHANGED,
                                    userId.toString(), Events.PreferencesChanged.of(view)))
                            .replaceWith(view);
                }));
    }

    private static void checkRules(PreferencesInput input) {
        if (input.salaryMin() != null && input.salaryMax() != null
                && input.salaryMin().compareTo(input.salaryMax()) > 0) {
            throw new BadRequestException("salaryMin (" + input.salaryMin().toPlainString()
                    + ") must not be greater than salaryMax (" + input.salaryMax().toPlainString() + ")");
        }
        if ((input.salaryMin() != null || input.salaryMax() != null) && input.salaryCurrency() == null) {
            throw new BadRequestException("salaryCurrency is required when salaryMin or salaryMax is set");
        }
        checkEntries("jobTitles", input.jobTitles());
        checkEntries("locations", input.locations());
        checkEntries("skills", input.skills());
        checkEntries("industries", input.industries());
        if (input.watchedCompanies() != null && input.watchedCompanies().contains(null)) {
            throw new BadRequestException("watchedCompanies: entries must not be null");
        }
        if (input.jobTypes() != null && input.jobTypes().contains(null)) {
            throw new BadRequestException("jobTypes: entries must be one of " + List.of(JobType.values()));
        }
    }

    private static void checkEntries(String field, List<String> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                throw new BadRequestException(field + "[" + i + "]: entries must not be blank");
            }
            if (value.strip().length() > 100) {
                throw new BadRequestException(field + "[" + i + "]: entries must be at most 100 characters");
            }
        }
    }

    /** Boards lower-case, company names trimmed (blank: none), the same board twice kept once, order kept. */
    private static List<WatchedCompany> watched(List<WatchedCompanyInput> values) {
        if (values == null) {
            return List.of();
        }
        java.util.LinkedHashMap<String, WatchedCompany> unique = new java.util.LinkedHashMap<>();
        for (WatchedCompanyInput v : values) {
            String board = v.board().toLowerCase(java.util.Locale.ROOT);
            String company = v.company() == null || v.company().isBlank() ? null : v.company().strip();
            unique.putIfAbsent(v.ats() + "/" + board, new WatchedCompany(v.ats(), board, company));
        }
        return List.copyOf(unique.values());
    }

    /** Trimmed, without duplicates (case-insensitive), order kept. */
    private static String[] clean(List<String> values) {
        if (values == null) {
            return new String[0];
        }
        java.util.LinkedHashMap<String, String> unique = new java.util.LinkedHashMap<>();
        values.forEach(v -> unique.putIfAbsent(v.strip().toLowerCase(java.util.Locale.ROOT), v.strip()));
        return unique.values().toArray(String[]::new);
    }
}
