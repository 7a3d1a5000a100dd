-- Tombstones of deleted accounts, kept by every PostgreSQL service in its own database (platform DeletedAccounts).
-- user-service writes one in the transaction that deletes the account; every other service writes one in the
-- transaction that applies UserDeleted and erases that user's data. Tokens of a tombstoned user are refused (401),
-- write paths and consumers check it, so nothing is ever created again for that user. Kept forever: a late or
-- replayed event may arrive at any time. One row per deleted account (no personal data besides the id).
create table deleted_accounts (
    user_id    uuid        primary key,
    deleted_at timestamptz not null default clock_timestamp()
);
create index deleted_accounts_recent on deleted_accounts (deleted_at);
