-- The grace policy for lapsed subscriptions (docs/billing.md, "When a period ends unpaid"): a period
-- that ends unpaid puts the subscription in GRACE (its channels keep running), then SUSPENDED (its
-- channels paused, their days saved), then EXPIRED (its channels deleted, unused days returned);
-- paying at any step makes it ACTIVE again. An operator may hold it at its step.
alter table subscription drop constraint subscription_status_check;
alter table subscription add constraint subscription_status_known
    check (status in ('PENDING_PAYMENT', 'ACTIVE', 'GRACE', 'SUSPENDED', 'CANCELLED', 'EXPIRED'));

-- a lapsed subscription is still the customer's one live subscription: it pays it, or it is cancelled
drop index subscription_one_live_per_customer;
create unique index subscription_one_live_per_customer on subscription (customer_id)
    where status in ('PENDING_PAYMENT', 'ACTIVE', 'GRACE', 'SUSPENDED');

-- when the unpaid period ended: every later step counts from it
alter table subscription add column lapsed_at timestamptz;
alter table subscription add constraint subscription_lapsed_has_its_start
    check (status not in ('GRACE', 'SUSPENDED') or lapsed_at is not null);
-- an operator's hold: the grace policy does not move the subscription on before this (ACTIVE, GRACE or SUSPENDED)
alter table subscription add column held_until timestamptz;

create index subscription_lapsed on subscription (lapsed_at) where status in ('GRACE', 'SUSPENDED');
