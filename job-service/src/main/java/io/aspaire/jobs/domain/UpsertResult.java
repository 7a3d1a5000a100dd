package io.aspaire.jobs.domain;

import java.util.Map;

/**
 * What one batch upsert did. {@code created}: rows that did not exist; {@code updated}: rows whose content changed;
 * {@code canonicalCreated}: new rows that are a new job (not a duplicate of a listing already known from any source).
 * {@code canonicalByFingerprint}: the canonical listing id of every fingerprint in the batch.
 */
public record UpsertResult(int created, int updated, int unchanged, int canonicalCreated,
        Map<String, String> canonicalByFingerprint) {
}
