create table plan (
    id             uuid primary key,
    name           text          not null,
    max_channels   integer       not null check (max_channels > 0),
    period_days    integer       not null check (period_days between 1 and 3660),
    extension_days integer       not null check (extension_days between 1 and 3660),
    price_amount   numeric(14,2) not null check (price_amount >= 0),
    currency       char(3)       not null,
    active         boolean       not null default true,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now()
);
create unique index plan_name_active on plan (lower(name)) where active;

create table subscription (
    id                 uuid primary key,
    customer_id        text        not null,
    plan_id            uuid        not null references plan (id),
    status             text        not null check (status in ('PENDING_PAYMENT', 'ACTIVE', 'CANCELLED', 'EXPIRED')),
    current_period_end timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
-- one live (pending or active) subscription per customer, enforced by the database
create unique index subscription_one_live_per_customer on subscription (customer_id)
    where status in ('PENDING_PAYMENT', 'ACTIVE');
create index subscription_active_period_end on subscription (current_period_end) where status = 'ACTIVE';

create table subscription_transition (
    id              bigserial primary key,
    subscription_id uuid        not null references subscription (id),
    from_status     text,
    to_status       text        not null,
    actor           text        not null,
    reason          text,
    at              timestamptz not null default now()
);
create index subscription_transition_of on subscription_transition (subscription_id, id);

create table customer_settings (
    customer_id     text primary key,
    allocation_mode text        not null default 'MANUAL' check (allocation_mode in ('AUTOMATIC', 'MANUAL')),
    updated_by      text        not null,
    updated_at      timestamptz not null default now()
);

-- The day ledger: double-entry. Balances are cached on the account row and changed in the same
-- transaction as the transfer, under row locks; POOL and CUSTOMER accounts can never go negative.
create table ledger_account (
    id       text primary key,              -- POOL, EXTERNAL, CUSTOMER:<id>, CHANNEL:<id>
    kind     text   not null check (kind in ('POOL', 'EXTERNAL', 'CUSTOMER', 'CHANNEL')),
    owner_id text,
    balance  bigint not null default 0,
    constraint ledger_account_never_overspent check (kind not in ('POOL', 'CUSTOMER') or balance >= 0)
);
insert into ledger_account (id, kind) values ('POOL', 'POOL'), ('EXTERNAL', 'EXTERNAL');

create table ledger_transfer (
    id              bigserial primary key,
    kind            text        not null check (kind in ('TOP_UP', 'ALLOCATE', 'EXTEND', 'RELEASE', 'REFUND', 'RECLAIM', 'ADJUST')),
    from_account    text        not null references ledger_account (id),
    to_account      text        not null references ledger_account (id),
    days            bigint      not null check (days > 0),
    -- EXTEND transfers are RESERVED until channel-service reports the WHAPI outcome
    status          text        not null default 'POSTED' check (status in ('POSTED', 'RESERVED', 'CONFIRMED', 'RELEASED')),
    customer_id     text,
    channel_id      text,
    request_id      uuid unique,                -- EXTEND: the saga's id
    reference       text,
    reason          text,
    idempotency_key text        not null unique,
    actor           text        not null,
    created_at      timestamptz not null default now(),
    settled_at      timestamptz,
    check (from_account <> to_account)
);
create index ledger_transfer_customer on ledger_transfer (customer_id, id);
create index ledger_transfer_open_extension on ledger_transfer (channel_id) where status = 'RESERVED';

-- Replica of the customers' channels, from channel.events
create table billing_channel (
    channel_id  text primary key,
    customer_id text        not null,
    active_till timestamptz,
    deleted     boolean     not null default false,
    updated_at  timestamptz not null default now()
);
create index billing_channel_customer on billing_channel (customer_id) where not deleted;

-- Idempotency-Key: the first answer to a key, replayed for every repeat of it
create table idempotent_request (
    scope        text        not null,      -- who and which operation
    key          text        not null,
    request_hash text        not null,
    status       integer,
    body         text,
    created_at   timestamptz not null default now(),
    primary key (scope, key)
);

-- never two open extension requests for one channel, however many schedulers race
create unique index ledger_transfer_one_open_extension_per_channel on ledger_transfer (channel_id) where status = 'RESERVED';
