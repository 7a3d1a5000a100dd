package io.aspaire.jobs.model;

/** The outcome of one source in one run (IngestionCompleted.sources[].status). */
public enum SourceStatus {
    OK, FAILED, DISABLED
}
