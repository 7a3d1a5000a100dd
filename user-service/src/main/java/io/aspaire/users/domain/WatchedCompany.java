package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * A company job board the user watches: job-service reads it every day (once, however many users watch it).
 *
 * @param board   the board's name in its URL: boards.greenhouse.io/<b>acme</b>, jobs.lever.co/<b>acme</b>,
 *                jobs.ashbyhq.com/<b>acme</b> (stored lower-case)
 * @param company the company's name, for boards whose listings name none (Lever, Ashby); null if not given
 */
@Type("WatchedCompany")
public record WatchedCompany(@NonNull Ats ats,
        @NonNull @Description("The board's name in its URL, e.g. acme for boards.greenhouse.io/acme") String board,
        String company) {
}
