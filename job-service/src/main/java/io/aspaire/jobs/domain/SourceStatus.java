package io.aspaire.jobs.domain;

import io.aspaire.jobs.messaging.out.IngestionCompleted;

/** The outcome of one source in one run (IngestionCompleted.sources[].status). */
public enum SourceStatus {
    OK, FAILED, DISABLED
}
