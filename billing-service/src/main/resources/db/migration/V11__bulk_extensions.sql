-- Extending many channels at once (docs/billing.md, "Extending many channels at once"): the
-- operator's request and, for each channel, the extension it reserved (the item's progress is that
-- reservation's status: RESERVED, CONFIRMED, RELEASED) or why the channel was left out. Every
-- reservation of a bulk extension commits with the job in one transaction: all or none.
create table bulk_extension (
    id           uuid        primary key,
    days         integer     not null constraint bulk_extension_days_positive check (days > 0),
    comment      text        not null,
    customer_id  text,       -- the filter's customer; null: the channels were listed, or the filter spans customers
    requested_by text        not null,
    created_at   timestamptz not null
);

create table bulk_extension_item (
    job_id      uuid not null references bulk_extension (id),
    position    integer not null,
    channel_id  text not null,
    customer_id text not null,
    request_id  uuid constraint bulk_extension_item_one_job_per_request unique,
    skipped     text,
    primary key (job_id, channel_id),
    -- an item either reserved an extension or says why it did not
    constraint bulk_extension_item_reserved_or_skipped check ((request_id is null) <> (skipped is null))
);
