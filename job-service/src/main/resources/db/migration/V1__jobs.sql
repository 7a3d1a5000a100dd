-- job-service schema: normalized listings from every source, the per-user search queries that feed ingestion,
-- and a record of ingestion runs. Raw API responses and dedup metadata live in MongoDB (job_cache).

create table job_listings (
    id               uuid primary key,
    source           varchar(20)  not null,              -- REMOTIVE | SERPAPI
    external_id      text         not null,              -- the source's id, or 'h:' + hash(title|company|location)
    canonical_id     uuid,                               -- the listing this one is a duplicate of (itself if canonical)
    fingerprint      text         not null,              -- normalized title|company|place: the cross-source identity
    title            text         not null,
    company          text,
    location         text,
    remote           boolean      not null default false,
    job_type         varchar(20),
    salary_min       numeric(14, 2),
    salary_max       numeric(14, 2),
    salary_currency  varchar(3),
    salary_period    varchar(10),
    salary_text      text,
    description      text,                               -- plain text
    description_html text,                               -- sanitized (safe tags only)
    tags             jsonb        not null default '[]',
    highlights       jsonb        not null default '[]',
    apply_links      jsonb        not null default '[]',
    apply_url        text,
    posted_at        timestamptz,
    sort_at          timestamptz  not null,              -- coalesce(posted_at, first_seen): the keyset order
    first_seen       timestamptz  not null,
    last_seen        timestamptz  not null,
    content_hash     varchar(64)  not null,              -- what JobUpdated compares
    raw              jsonb        not null,
    search_vector    tsvector generated always as (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(company, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')) stored,
    constraint job_listings_source_external unique (source, external_id)
);
create index job_listings_fts on job_listings using gin (search_vector);
create index job_listings_fingerprint on job_listings (fingerprint);
create index job_listings_canonical on job_listings (canonical_id);
-- the default listing order (recency, keyset) over canonical listings only
create index job_listings_recent on job_listings (sort_at desc, id desc) where canonical_id = id;

create table search_queries (
    id                uuid primary key,
    user_id           uuid         not null,
    origin            varchar(20)  not null,             -- PREFERENCES | AI_TERMS
    query             text         not null,
    location          text         not null default '',
    remote            boolean      not null default false,
    created_at        timestamptz  not null default now(),
    last_run_at       timestamptz,
    last_result_count integer,
    runs              integer      not null default 0,
    constraint search_queries_unique unique (user_id, origin, query, location, remote)
);
create index search_queries_user on search_queries (user_id);
create index search_queries_rotation on search_queries (last_run_at nulls first, id);

create table ingestion_runs (
    id          uuid primary key,
    user_id     uuid,                                    -- null: a run for all users
    started_at  timestamptz not null,
    finished_at timestamptz,
    status      varchar(20) not null,                    -- RUNNING | COMPLETED
    report      text
);
