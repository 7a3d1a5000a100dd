package io.aspaire.jobs.domain;

import java.util.Locale;

/**
 * A company job board: which applicant-tracking system ({@code ats}, a board source's name) and which board on it.
 * {@code company} is the company's name as a watcher gave it (null if none), used for listings that name none.
 */
public record WatchedBoard(String ats, String board, String company) {

    public WatchedBoard {
        ats = ats == null ? "" : ats.trim().toUpperCase(Locale.ROOT);
        board = board == null ? "" : board.trim().toLowerCase(Locale.ROOT);
        company = company == null || company.isBlank() ? null : company.trim();
    }

    /** The job_cache key of the board's raw answer. */
    public String cacheKey() {
        return "board:" + board;
    }

    /** The company's name for listings that name none: as given, else the board's token. */
    public String companyOrBoard() {
        return company != null ? company : board;
    }
}
