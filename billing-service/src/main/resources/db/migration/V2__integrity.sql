-- Integrity rules (docs/concurrency.md).

-- No account but EXTERNAL ever goes below zero: a channel's account included (it holds what was
-- reserved and confirmed on the channel; a refund or a correction can never take more).
alter table ledger_account drop constraint ledger_account_never_overspent;
alter table ledger_account add constraint ledger_account_never_negative check (kind = 'EXTERNAL' or balance >= 0);

-- Subscriptions are written by the admin (confirm, renew, cancel) and by the expiry job: an
-- optimistic version makes a write based on a stale read fail instead of losing the other one.
alter table subscription add column version bigint not null default 0;

-- EntitlementChanged carries the customer's snapshot version, taken under this row's lock in the
-- snapshot's own transaction: a later version is always a later state.
create table entitlement_version (
    customer_id text primary key,
    version     bigint not null
);

create index ledger_transfer_of_channel on ledger_transfer (channel_id, kind) where channel_id is not null;
create index ledger_transfer_open_since on ledger_transfer (created_at) where status = 'RESERVED';
