create table probe (id uuid primary key, name varchar(100) not null);
create table probe_effect (id bigserial primary key, event_id varchar(255) not null, probe_id uuid not null);
