package io.aspaire.jobs.client;

import java.time.Instant;
import java.util.List;

import io.aspaire.jobs.domain.NormalizedJob;

/**
 * One response of a source: its raw body (cached as it came), the listings normalized from it, how many entries had
 * to be skipped (no title...), and the token of the next page if the source paginates.
 */
public record FetchedPage(String raw, Instant fetchedAt, List<NormalizedJob> jobs, int skipped, String nextPageToken) {
}
