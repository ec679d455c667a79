-- channel-service's own schema (the outbox and processed_event tables come from db/platform).

-- The WHAPI partner settings: one row, written by an admin at any time and read by every call.
-- The token is sealed (AES-GCM, SecretBox); only its mask is readable.
create table whapi_settings (
    id                   smallint primary key default 1 check (id = 1),
    partner_token_sealed bytea,
    partner_token_mask   text,
    project_id           text        not null,
    updated_at           timestamptz not null,
    updated_by           text        not null
);

-- What billing said about each customer (PlanActivated, SubscriptionEnded, EntitlementChanged).
-- Channel creation locks the customer's row: that lock is what keeps concurrent creates under the limit.
create table entitlement (
    customer_id     text primary key,
    active          boolean     not null,
    max_channels    integer     not null check (max_channels >= 0),
    balance_days    bigint      not null,
    allocation_mode text,
    updated_at      timestamptz not null default now()
);

-- A customer's channel. CREATING holds a slot while WHAPI is being asked; FAILED and DELETED hold none.
create table channel (
    id                  uuid primary key,
    customer_id         text        not null,
    name                text        not null,
    phone               text,
    state               text        not null check (state in ('CREATING', 'ACTIVE', 'FAILED', 'DELETED')),
    whapi_id            text unique,
    token_sealed        bytea,
    mode                text check (mode in ('TRIAL', 'LIVE')),
    link_status         text,
    active_till         timestamptz,
    paid                boolean     not null default false,
    webhook_secret_hash bytea,
    webhooks_configured boolean     not null default false,
    restarting_until    timestamptz,
    failure             text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    deleted_at          timestamptz
);
create index channel_by_customer on channel (customer_id, created_at desc);
create index channel_holding_a_slot on channel (customer_id) where state in ('CREATING', 'ACTIVE');
create index channel_awaiting_live on channel (id) where state = 'ACTIVE' and paid and mode = 'TRIAL';

-- One row per ChannelExtensionRequested.requestId: the primary key is what makes WHAPI's
-- non-idempotent extend happen at most once per request, across redelivery, replay and restarts.
-- call_started_at is committed BEFORE the extend call: a row that has it must be verified against
-- WHAPI's activeTill before any new call.
create table extension_request (
    request_id         uuid primary key,
    channel_id         uuid        not null,
    customer_id        text,
    days               integer     not null check (days > 0),
    comment            text        not null,
    state              text        not null check (state in ('PENDING', 'CALLING', 'EXTENDED', 'FAILED')),
    active_till_before timestamptz,
    active_till_after  timestamptz,
    call_started_at    timestamptz,
    attempts           integer     not null default 0,
    next_attempt_at    timestamptz not null default now(),
    lease_until        timestamptz,
    last_error         text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index extension_request_due on extension_request (next_attempt_at) where state in ('PENDING', 'CALLING');
