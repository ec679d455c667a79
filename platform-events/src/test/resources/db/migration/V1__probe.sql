create table probe_change (
    id           bigserial primary key,
    aggregate_id text    not null,
    seq          integer not null
);
create table probe_effect (
    event_id       uuid primary key,
    aggregate_id   text        not null,
    seq            integer     not null,
    consumed_order bigserial,
    committed_at   timestamptz,
    applied_at     timestamptz not null default clock_timestamp()
);
