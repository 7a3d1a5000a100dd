-- A fingerprint's listings in first-seen order, straight from the index: the ingestion's two lookups per fingerprint
-- (ListingStore: the canonical listing a new row predicts, and linkCanonical's [id, canonical_id] pairs) both ask for
-- "where fingerprint = ? order by first_seen, id". With the index on fingerprint alone each lookup fetched the
-- fingerprint's rows and sorted them, and where the generic plan expected many rows a bitmap scan per lookup
-- (bench/results/findings.md, "Ingestion (session 7)"). The new index serves every lookup the old one did (fingerprint
-- is its first column), so it replaces it: one index to maintain per row, as before.
create index job_listings_fingerprint_first_seen on job_listings (fingerprint, first_seen, id);
drop index job_listings_fingerprint;
