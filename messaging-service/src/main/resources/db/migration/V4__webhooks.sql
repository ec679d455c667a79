-- Signed webhooks to the customers' own systems (docs/webhooks.md). An endpoint is a customer's
-- URL and the event types it wants; each platform event it wants becomes one delivery, once per
-- (endpoint, event), whatever Kafka redelivers or replays. Every attempt is logged.
create table webhook_endpoint (
    id                    uuid primary key,
    customer_id           text        not null,
    url                   text        not null,
    description           text,
    event_types           text[]      not null,
    enabled               boolean     not null default true,
    disabled_reason       text,
    -- sealed (platform-secrets): the deliveries are signed with it, so it must be read back
    secret                bytea       not null,
    -- after a rotation the old secret signs too, until previous_secret_until
    previous_secret       bytea,
    previous_secret_until timestamptz,
    -- the first failure since the last success: an endpoint failing for too long is disabled
    failing_since         timestamptz,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    constraint webhook_endpoint_url_is_http check (url ~ '^https?://'),
    constraint webhook_endpoint_wants_something check (cardinality(event_types) > 0),
    constraint webhook_endpoint_disabled_says_why check (enabled or disabled_reason is not null),
    constraint webhook_endpoint_grace_has_end check ((previous_secret is null) = (previous_secret_until is null))
);
create index webhook_endpoint_by_customer on webhook_endpoint (customer_id);

create table webhook_delivery (
    id              uuid primary key,
    -- arrival order: deliveries of one aggregate to one endpoint go out in this order
    seq             bigserial   not null,
    endpoint_id     uuid        not null references webhook_endpoint on delete cascade,
    -- the platform event's id: the webhook-id header, the same on every attempt and every replay
    event_id        uuid        not null,
    event_type      text        not null,
    -- the event's Kafka key (channel, customer): the aggregate whose order is kept
    ordering_key    text        not null,
    -- the exact body that is signed and sent, the same on every attempt
    payload         text        not null,
    event_at        timestamptz not null,
    created_at      timestamptz not null,
    -- when it last became due (created, redelivered, replayed): it is given up so long after this
    queued_at       timestamptz not null,
    status          text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    -- a worker's claim; a claim that outlives its worker is taken over, and the stale worker's
    -- outcome is refused by the token (fencing)
    leased_until    timestamptz,
    lease_token     uuid,
    delivered_at    timestamptz,
    last_status     int,
    last_error      text,
    constraint webhook_delivery_once_per_event unique (endpoint_id, event_id),
    constraint webhook_delivery_status_known check (status in ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')),
    constraint webhook_delivery_pending_is_due check (status <> 'PENDING' or next_attempt_at is not null),
    constraint webhook_delivery_delivered_has_time check ((status = 'DELIVERED') = (delivered_at is not null))
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_queue on webhook_delivery (endpoint_id, ordering_key, seq) where status = 'PENDING';
create index webhook_delivery_log on webhook_delivery (endpoint_id, created_at desc);

create table webhook_attempt (
    delivery_id      uuid        not null references webhook_delivery on delete cascade,
    attempt          int         not null,
    started_at       timestamptz not null,
    status_code      int,
    latency_ms       int         not null,
    response_excerpt text,
    error            text,
    next_attempt_at  timestamptz,
    primary key (delivery_id, attempt)
);
