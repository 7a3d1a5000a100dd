-- Shared by every PostgreSQL service (Flyway location classpath:db/platform). Services number their own
-- migrations from V1; this one is V0_1 so it always runs first.

-- Transactional outbox: one row per event, inserted in the transaction of the change, relayed to Kafka.
create table outbox_events (
    id          uuid primary key,            -- the CloudEvent id
    topic       varchar(255) not null,
    record_key  varchar(255) not null,       -- the aggregate id (CloudEvent subject)
    event_type  varchar(255) not null,
    payload     jsonb        not null,       -- the whole CloudEvent
    created_at  timestamptz  not null default clock_timestamp(),
    sent_at     timestamptz
);
create index outbox_events_pending on outbox_events (created_at, id) where sent_at is null;

-- Idempotent consumers: an event id recorded with its effect is never applied again by that consumer.
create table processed_events (
    consumer     varchar(100) not null,
    event_id     varchar(255) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
