package io.aspaire.jobs.domain;

/** The outcome of one source in one run (IngestionCompleted.sources[].status); RUNNING only while a run goes on. */
public enum SourceStatus {
    OK, FAILED, DISABLED, RUNNING
}
