-- user-service schema. The outbox/inbox tables come from the platform migration (db/platform).

create table users (
    id               uuid primary key,
    email            varchar(320) not null,
    display_name     varchar(200) not null,
    auth_provider    varchar(16)  not null,          -- LOCAL, GITHUB, GOOGLE: how the account was created
    provider_subject varchar(255) not null,          -- the provider's id of the user (the user id for LOCAL)
    password_hash    varchar(100),                   -- bcrypt; only LOCAL accounts have one
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
-- e-mail addresses are unique regardless of case (they are also stored lower-cased)
create unique index users_email_ci on users (lower(email));

-- Every identity a user can sign in with; createUser(input) links external identities here, idempotently.
create table user_identities (
    provider   varchar(16)  not null,
    subject    varchar(255) not null,
    user_id    uuid         not null references users (id) on delete cascade,
    created_at timestamptz  not null,
    primary key (provider, subject)
);
create index user_identities_user on user_identities (user_id);

-- Refresh tokens: opaque random values, only their SHA-256 is stored; rotated on every use.
create table refresh_tokens (
    id         uuid primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    token_hash varchar(64) not null unique,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index refresh_tokens_user on refresh_tokens (user_id);

create table preferences (
    user_id              uuid primary key references users (id) on delete cascade,
    job_titles           text[]      not null default '{}',
    locations            text[]      not null default '{}',
    skills               text[]      not null default '{}',
    industries           text[]      not null default '{}',
    remote               varchar(8),                          -- YES, NO, HYBRID or null (no preference)
    salary_min           numeric(12, 2),
    salary_max           numeric(12, 2),
    salary_currency      varchar(3),
    job_types            text[]      not null default '{}',
    notify_email         boolean     not null default true,
    notify_reminders     boolean     not null default true,
    page_size            integer     not null default 20,
    updated_at           timestamptz not null
);

create table resumes (
    id                 uuid primary key,
    user_id            uuid         not null references users (id) on delete cascade,
    title              varchar(200) not null,
    source             varchar(8)   not null,             -- UPLOAD or PASTE
    original_file_name varchar(255),
    media_type         varchar(255),
    size_bytes         bigint,
    text               text         not null,
    is_default         boolean      not null default false,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);
create index resumes_user on resumes (user_id, created_at desc);
-- at most one default resume per user
create unique index resumes_one_default on resumes (user_id) where is_default;
