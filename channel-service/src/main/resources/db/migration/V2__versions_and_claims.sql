-- Integrity rules (docs/concurrency.md):
-- * every aggregate row that more than one path writes carries an optimistic version; a write
--   based on a stale read changes nothing and is retried from a fresh read;
-- * the extension executor fences every state change with its claim token, so a worker whose lease
--   was taken over can no longer change the row.

alter table channel add column version bigint not null default 0;
-- DELETING: a delete has started (open extensions are being settled, WHAPI asked); no other path may
-- bring the channel back to ACTIVE. It still holds its slot until it is DELETED.
alter table channel drop constraint channel_state_check;
alter table channel add constraint channel_state_known
    check (state in ('CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'DELETED'));
drop index channel_holding_a_slot;
create index channel_holding_a_slot on channel (customer_id) where state in ('CREATING', 'ACTIVE', 'DELETING');
create index channel_in_transition on channel (updated_at) where state in ('CREATING', 'DELETING');

alter table extension_request add column version bigint not null default 0;
-- who holds the row now: set by every claim; every later write of that worker names it in its WHERE
alter table extension_request add column claim_token uuid;
create index extension_request_open_of_channel on extension_request (channel_id) where state in ('PENDING', 'CALLING');

-- the entitlement replica applies a snapshot only when its version is newer than the one it holds
alter table entitlement add column version bigint not null default 0;
