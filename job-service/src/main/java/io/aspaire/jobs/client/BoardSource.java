package io.aspaire.jobs.client;

import io.smallrye.mutiny.Uni;

/**
 * A company job board on an applicant-tracking system (Greenhouse, Lever, Ashby): not searched, but read whole, one
 * call per board, for the boards users watch ({@code watchedCompanies} in their preferences). {@link #name()} is the
 * ATS as preferences name it (GREENHOUSE, LEVER, ASHBY). A source is one CDI bean implementing this interface plus its
 * own {@code @ConfigMapping}; a run fetches each watched board once, whoever watches it, and its raw answer is cached
 * like a search's, so a board is fetched at most once per cache TTL (a day) however many runs ask for it.
 */
public interface BoardSource extends ListingSource {

    /**
     * The raw body of the board's open postings. A board the ATS does not know is a failed Uni with
     * {@link BoardNotFoundException} (not retried); other failures as for {@link JobSource#search}.
     */
    Uni<String> board(String board);
}
