package io.aspaire.platform.events;

/** The suite's topics: {@code aspaire.<domain>.v1}. Their events are documented in docs/events.md. */
public final class Topics {
    public static final String USERS = "aspaire.users.v1";
    public static final String PREFERENCES = "aspaire.preferences.v1";
    public static final String RESUMES = "aspaire.resumes.v1";
    public static final String JOBS = "aspaire.jobs.v1";
    public static final String APPLICATIONS = "aspaire.applications.v1";
    public static final String REMINDERS = "aspaire.reminders.v1";
    public static final String AI = "aspaire.ai.v1";

    private Topics() {
    }
}
