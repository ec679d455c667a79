-- WHAPI creates at most 20 channels per 30 minutes for the whole partner (429 after that). A create
-- beyond that budget waits in the queue as a QUEUED channel: it already has its final id and holds
-- one of the plan's slots, so the plan limit counts it and it can be cancelled (QUEUED -> DELETED).
alter table channel drop constraint channel_state_known;
alter table channel add constraint channel_state_known
    check (state in ('QUEUED', 'CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'DELETED'));
drop index channel_holding_a_slot;
create index channel_holding_a_slot on channel (customer_id) where state in ('QUEUED', 'CREATING', 'ACTIVE', 'DELETING');

-- when the request joined the queue (its turn among the customer's own queued requests follows it)
alter table channel add column queued_at timestamptz;
-- when WHAPI was (or is about to be) asked to create it: the rows of the last window are the budget spent
alter table channel add column creation_started_at timestamptz;
alter table channel add constraint channel_queued_has_time check (state <> 'QUEUED' or queued_at is not null);
create index channel_queued on channel (queued_at) where state = 'QUEUED';
create index channel_creation_started on channel (creation_started_at) where creation_started_at is not null;

-- One row for the whole platform. Every decision to ask WHAPI for a channel is taken under its row
-- lock (a direct create and the queue of every replica alike), so the budget is never overspent.
-- blocked_until: WHAPI answered 429 anyway (another tool of the partner used the window, or the
-- clocks differ); nobody asks before its Retry-After has passed.
create table whapi_creation_window (
    id            smallint primary key default 1 check (id = 1),
    blocked_until timestamptz
);
insert into whapi_creation_window (id) values (1);
