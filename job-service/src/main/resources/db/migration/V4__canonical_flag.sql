-- "Canonical listings only" (every listing query's filter) as a stored column with its own statistics. Written as
-- canonical_id = id, PostgreSQL cannot estimate it (a comparison of two columns: it assumes 0.5 % of the rows, where
-- nearly all rows are canonical), so every plan over job_listings started from a 200x error. At 100,000 listings
-- full-text jobs then ANDed the whole partial index (100,000 entries, ~5 ms) into a bitmap with the GIN matches and
-- fetched every match before sorting, or, on other statistics, walked the recency index for terms it thought rare.
-- With exact statistics the planner walks the recency index for common terms (a page is found in the first few
-- thousand rows) and takes the GIN matches for rare ones (bench/results/findings.md, "Full-text search (session 5)").
alter table job_listings add column canonical boolean generated always as (canonical_id = id) stored;

drop index job_listings_recent;
create index job_listings_recent on job_listings (sort_at desc, id desc) where canonical;

-- Lexemes missing from the statistics' most-common list are estimated at half its rarest frequency: with the default
-- target (100: a list of ~1,000 lexemes) a word in no listing looked like 500 matches in 100,000, enough for the
-- planner to walk the whole recency index looking for it (~100,000 rows) instead of asking the GIN index (nothing).
-- A longer list (~10,000 lexemes) makes unknown words look rare, as they are.
alter table job_listings alter column search_vector set statistics 1000;

analyze job_listings;
