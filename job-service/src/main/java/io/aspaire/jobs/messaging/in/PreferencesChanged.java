package io.aspaire.jobs.messaging.in;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** aspaire.preferences.v1 PreferencesChanged: the fields job-service uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreferencesChanged(String userId, List<String> jobTitles, List<String> locations, String remote,
        List<WatchedCompany> watchedCompanies) {

    /** A company job board the user watches: which ATS (GREENHOUSE, LEVER, ASHBY), which board, the company's name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WatchedCompany(String ats, String board, String company) {
    }
}
