package io.aspaire.users.domain;

/** The applicant-tracking systems whose public job boards job-service reads (its board sources' names). */
public enum Ats {
    GREENHOUSE, LEVER, ASHBY
}
