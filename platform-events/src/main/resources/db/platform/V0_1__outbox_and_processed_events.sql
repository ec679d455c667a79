-- Transactional outbox: a service writes its events here in the same transaction as the state
-- change; the relay publishes them to Kafka. Column names follow Debezium's outbox event router
-- (id, aggregatetype, aggregateid, type, payload) so CDC can replace the relay at scale.
create table outbox_event (
    seq           bigserial primary key,            -- publication order
    id            uuid        not null unique,      -- CloudEvents id: the consumers' dedup key
    aggregatetype text        not null,
    aggregateid   text        not null,             -- Kafka record key: one aggregate, one partition, in order
    type          text        not null,             -- CloudEvents type, e.g. billing.PlanActivated.v1
    topic         text        not null,
    subject       text,
    payload       jsonb       not null,
    created_at    timestamptz not null default clock_timestamp(),
    sent_at       timestamptz,
    -- hash of aggregateid: one relay at a time per bucket keeps each aggregate's order
    bucket        smallint    not null check (bucket >= 0)
);

create index outbox_event_unsent on outbox_event (bucket, seq) where sent_at is null;
create index outbox_event_sent_at on outbox_event (sent_at) where sent_at is not null;
create index outbox_event_aggregate on outbox_event (aggregatetype, aggregateid, seq);

-- NOTIFY inside a transaction is delivered at commit (and not at all on rollback):
-- exactly the moment the relay should wake up.
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end;
$$;

create trigger outbox_event_inserted
    after insert on outbox_event
    for each statement execute function outbox_event_notify();

-- Idempotent consumers: the id of every event a consumer has applied, written in the same
-- transaction as its effect. A redelivered or replayed event finds its row and changes nothing.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    event_type   text        not null,
    processed_at timestamptz not null default clock_timestamp(),
    primary key (consumer, event_id)
);
