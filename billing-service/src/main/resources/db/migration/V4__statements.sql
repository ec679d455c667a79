-- A customer's statement (docs/operators.md): its ledger movements with a running balance, and the
-- payments confirmed for its subscriptions.

-- A payment is kept at the price the plan had when the admin confirmed it: a plan's price can be
-- changed later (PUT /plans/{id}), a payment already made cannot.
create table subscription_payment (
    id              bigserial primary key,
    subscription_id uuid          not null references subscription (id),
    customer_id     text          not null,
    plan_id         uuid          not null references plan (id),
    plan_name       text          not null,
    kind            text          not null constraint subscription_payment_kind_known check (kind in ('FIRST_PERIOD', 'RENEWAL')),
    amount          numeric(14,2) not null constraint subscription_payment_amount_not_negative check (amount >= 0),
    currency        char(3)       not null,
    period_end      timestamptz,  -- null only for payments recorded before this table existed
    actor           text          not null,
    confirmed_at    timestamptz   not null
);
create index subscription_payment_of_customer on subscription_payment (customer_id, confirmed_at, id);

-- Payments confirmed before this table: at the plan's price of today (the price of then was not kept).
insert into subscription_payment (subscription_id, customer_id, plan_id, plan_name, kind, amount, currency, actor, confirmed_at)
select s.id, s.customer_id, p.id, p.name,
       case when t.from_status = 'PENDING_PAYMENT' then 'FIRST_PERIOD' else 'RENEWAL' end,
       p.price_amount, p.currency, t.actor, t.at
from subscription_transition t
join subscription s on s.id = t.subscription_id
join plan p on p.id = s.plan_id
where t.to_status = 'ACTIVE' and t.from_status in ('PENDING_PAYMENT', 'ACTIVE')
order by t.id;

-- The statement reads a customer's movements in transfer order: the ledger_transfer_customer index
-- (customer_id, id) serves it; the account test narrows it to transfers of the customer's own account.
