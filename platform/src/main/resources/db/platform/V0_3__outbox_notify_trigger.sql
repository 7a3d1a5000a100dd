-- Wakes the outbox relays when a transaction that inserted outbox rows commits (PostgresOutboxRelay LISTENs on
-- aspaire_outbox). PostgreSQL holds a NOTIFY until commit and drops it on rollback, and merges repeats within one
-- transaction, so one statement-level trigger per insert statement is enough. A trigger instead of a
-- "select pg_notify(...)" sent by the service: one round trip less per write, and every write waits for each of its
-- round trips behind the service's event loop (bench/results/findings.md, "pipeline-service queueing").
create function aspaire_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('aspaire_outbox', '');
    return null;
end;
$$;

create trigger outbox_events_notify after insert on outbox_events
    for each statement execute function aspaire_outbox_notify();
