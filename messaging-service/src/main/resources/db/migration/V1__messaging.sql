-- messaging-service's own schema (the outbox and processed_event tables come from db/platform).

-- Wappin settings as the admin last set them (one row). The secret key is sealed (SecretBox);
-- the callback token Wappin sends us is kept only as a SHA-256 hash, enough to check it.
create table wappin_settings (
    id                  smallint primary key default 1 check (id = 1),
    client_id           text,
    secret_key_sealed   bytea,
    secret_key_mask     text,
    project_id          text,
    callback_token_hash bytea,
    callback_token_mask text,
    environment         text        not null check (environment in ('SANDBOX', 'PRODUCTION')),
    updated_at          timestamptz not null,
    updated_by          text        not null
);

-- Templates the admin told us about: their parameter count is checked before Wappin is called.
create table message_template (
    name         text primary key,
    param_count  integer     not null check (param_count between 0 and 20),
    sms          boolean     not null default false,
    updated_at   timestamptz not null default now()
);

-- Every outbound message, stored BEFORE Wappin is called.
create table outbound_message (
    id                uuid primary key,
    customer_id       text        not null,
    recipient         text        not null,
    kind              text        not null check (kind in ('NOTIFICATION', 'TEXT', 'MEDIA')),
    template          text,
    params            jsonb,
    sms_template      text,
    body              text,
    media_type        text,
    media_name        text,
    status            text        not null check (status in ('PENDING', 'ACCEPTED', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'UNCONFIRMED')),
    wappin_message_id text unique,
    failure_code      text,
    failure           text,
    idempotency_key   text,
    source_event_id   uuid unique,
    send_started_at   timestamptz,
    attempts          integer     not null default 0,
    next_attempt_at   timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (customer_id, idempotency_key)
);
create index outbound_message_by_customer on outbound_message (customer_id, created_at desc);
create index outbound_message_due on outbound_message (next_attempt_at) where status = 'PENDING' and source_event_id is not null;

-- A message's status history: each status once (the primary key makes duplicates no-ops).
create table message_status (
    message_id  uuid        not null references outbound_message (id),
    status      text        not null,
    occurred_at timestamptz not null,
    source      text        not null check (source in ('SEND', 'CALLBACK', 'INQUIRY')),
    recorded_at timestamptz not null default now(),
    primary key (message_id, status)
);

-- Every distinct callback Wappin sent, stored before it is acknowledged. dedup_key makes Wappin's
-- retries (up to 3 per callback) no-ops.
create table wappin_callback (
    id                bigserial primary key,
    dedup_key         text        not null unique,
    callback_type     text        not null check (callback_type in ('status', 'message')),
    wappin_message_id text        not null,
    status            text,
    body              jsonb       not null,
    received_at       timestamptz not null default now()
);

-- Messages WhatsApp users sent to the partner's number.
create table inbound_message (
    id                uuid primary key,
    wappin_message_id text        not null unique,
    sender            text        not null,
    content           text,
    sent_at           timestamptz,
    received_at       timestamptz not null default now()
);

-- Who owns which channel (from ChannelCreated), to notify on channel events that carry no customer.
create table channel_owner (
    channel_id  text primary key,
    customer_id text not null
);

-- Where a customer's notifications go.
create table customer_contact (
    customer_id text primary key,
    phone       text        not null,
    updated_at  timestamptz not null default now()
);

-- Which template to send on which platform event, and how to fill its parameters from the event.
create table notification_rule (
    event_type  text primary key,
    template    text        not null,
    params      jsonb       not null,
    enabled     boolean     not null default true,
    updated_at  timestamptz not null,
    updated_by  text        not null
);
