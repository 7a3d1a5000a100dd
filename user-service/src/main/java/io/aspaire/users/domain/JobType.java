package io.aspaire.users.domain;

/** Kinds of employment a user is looking for (same names job-service uses). */
public enum JobType {
    FULL_TIME, PART_TIME, CONTRACT, INTERNSHIP, TEMPORARY, FREELANCE
}
