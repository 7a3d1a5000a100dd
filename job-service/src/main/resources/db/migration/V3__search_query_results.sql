-- Which canonical listings each user's searches have returned, and when first: what makes a listing "new" for that
-- user in SearchResultsFound.newJobIds (docs/events.md). One row per user and listing, whichever of their queries
-- found it first (search_query_id, kept when that query is later replaced: newness is per user, not per query).
-- Erased with the user's other data on UserDeleted. No foreign keys: queries come and go with preferences.
create table search_query_results (
    user_id         uuid        not null,
    job_id          uuid        not null,                -- a canonical job_listings id
    search_query_id uuid        not null,
    first_found_at  timestamptz not null,
    primary key (user_id, job_id)
);
