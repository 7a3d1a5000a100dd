package io.aspaire.jobs.domain;

/** Where a listing came from. The names are the {@code source} values of docs/events.md. */
public enum Source {
    REMOTIVE, SERPAPI
}
