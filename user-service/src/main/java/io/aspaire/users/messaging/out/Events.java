package io.aspaire.users.messaging.out;

import io.aspaire.users.domain.AuthProvider;
import io.aspaire.users.domain.JobType;
import io.aspaire.users.domain.Notifications;
import io.aspaire.users.domain.Preferences;
import io.aspaire.users.domain.WatchedCompany;
import io.aspaire.users.domain.Remote;
import io.aspaire.users.domain.ResumeEntity;
import io.aspaire.users.domain.ResumeSource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The data of the events user-service emits, exactly as docs/events.md documents them. */
public final class Events {

    private Events() {
    }

    public static final String USER_REGISTERED = "UserRegistered";
    public static final String USER_UPDATED = "UserUpdated";
    public static final String USER_DELETED = "UserDeleted";
    public static final String PREFERENCES_CHANGED = "PreferencesChanged";
    public static final String RESUME_SAVED = "ResumeSaved";
    public static final String RESUME_DELETED = "ResumeDeleted";

    @RegisterForReflection
    public record UserRegistered(String userId, String email, String displayName, AuthProvider authProvider,
            OffsetDateTime registeredAt) {
    }

    @RegisterForReflection
    public record UserUpdated(String userId, String email, String displayName, OffsetDateTime updatedAt) {
    }

    @RegisterForReflection
    public record UserDeleted(String userId, OffsetDateTime deletedAt) {
    }

    @RegisterForReflection
    public record PreferencesChanged(String userId, List<String> jobTitles, List<String> locations,
            List<String> skills, List<String> industries, Remote remote, BigDecimal salaryMin, BigDecimal salaryMax,
            String salaryCurrency, List<JobType> jobTypes, Notifications notifications, int pageSize,
            List<WatchedCompany> watchedCompanies, OffsetDateTime updatedAt) {

        public static PreferencesChanged of(Preferences p) {
            return new PreferencesChanged(p.userId(), p.jobTitles(), p.locations(), p.skills(), p.industries(),
                    p.remote(), p.salaryMin(), p.salaryMax(), p.salaryCurrency(), p.jobTypes(), p.notifications(),
                    p.pageSize(), p.watchedCompanies(), p.updatedAt());
        }
    }

    @RegisterForReflection
    public record ResumeSaved(String resumeId, String userId, String title, ResumeSource source,
            @JsonProperty("isDefault") boolean isDefault, String text, OffsetDateTime updatedAt) {

        public static ResumeSaved of(ResumeEntity r) {
            return new ResumeSaved(r.id.toString(), r.userId.toString(), r.title, r.source, r.isDefault, r.text,
                    r.updatedAt);
        }
    }

    @RegisterForReflection
    public record ResumeDeleted(String resumeId, String userId) {
    }
}
