-- pipeline-service schema. Outbox and processed-events tables come from the platform (db/platform/V0_1).

-- What the pipeline knows about a job, from aspaire.jobs.v1 (JobIngested/JobUpdated). Kept here so the pipeline
-- still reads well when job-service is down or the listing is gone.
create table job_snapshots (
    job_id      uuid primary key,
    title       varchar(500),
    company     varchar(500),
    location    varchar(500),
    apply_url   varchar(2000),
    updated_at  timestamptz not null
);

-- One application per (user, job); the snapshot columns are copied at save time and refreshed on JobUpdated.
create table job_applications (
    id          uuid primary key,
    user_id     uuid         not null,
    job_id      uuid         not null,
    stage       varchar(20)  not null,
    job_title   varchar(500),
    company     varchar(500),
    location    varchar(500),
    apply_url   varchar(2000),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    constraint job_applications_user_job unique (user_id, job_id),
    constraint job_applications_stage check (stage in
        ('SAVED', 'APPLIED', 'INTERVIEW', 'OFFER', 'ACCEPTED', 'REJECTED', 'WITHDRAWN'))
);
create index job_applications_user_stage on job_applications (user_id, stage, updated_at desc);
create index job_applications_job on job_applications (job_id);

-- Every stage change (the first row has from_stage null): the timeline, and the source of the funnel statistics.
create table stage_history (
    id              uuid primary key,
    application_id  uuid        not null references job_applications (id) on delete cascade,
    user_id         uuid        not null,
    from_stage      varchar(20),
    to_stage        varchar(20) not null,
    changed_at      timestamptz not null,
    comment         varchar(1000)
);
create index stage_history_application on stage_history (application_id, changed_at);
create index stage_history_user on stage_history (user_id);

create table job_notes (
    id              uuid primary key,
    application_id  uuid          not null references job_applications (id) on delete cascade,
    user_id         uuid          not null,
    job_id          uuid          not null,
    content         varchar(5000) not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);
create index job_notes_application on job_notes (application_id, created_at);
create index job_notes_user on job_notes (user_id);

-- Reminders fire once: the scheduler claims PENDING rows that are due with FOR UPDATE SKIP LOCKED, writes ReminderDue
-- to the outbox and sets FIRED in the same transaction.
create table reminders (
    id              uuid primary key,
    application_id  uuid         not null references job_applications (id) on delete cascade,
    user_id         uuid         not null,
    job_id          uuid         not null,
    due_at          timestamptz  not null,
    note            varchar(500),
    status          varchar(20)  not null,
    created_at      timestamptz  not null,
    fired_at        timestamptz,
    constraint reminders_status check (status in ('PENDING', 'FIRED', 'CANCELLED'))
);
create index reminders_due on reminders (due_at) where status = 'PENDING';
create index reminders_user on reminders (user_id, due_at);
