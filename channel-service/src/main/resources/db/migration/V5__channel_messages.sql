-- Messages through a customer's own channel (WHAPI's gate API with the channel's token).
create table channel_message (
    id               uuid primary key,
    channel_id       uuid not null references channel (id),
    customer_id      text not null,
    direction        text not null constraint channel_message_direction_known check (direction in ('OUT', 'IN')),
    chat_id          text not null constraint channel_message_chat_id_shape check (chat_id ~ '^[0-9-]{5,31}@[a-z.]+$'),
    kind             text not null constraint channel_message_kind_known check (kind in ('text', 'image', 'document', 'audio', 'video')),
    body             text constraint channel_message_body_length check (length(body) <= 4096),
    media_url        text constraint channel_message_media_url_length check (length(media_url) <= 2048),
    reply_to         text,
    client_reference text constraint channel_message_client_reference_length check (length(client_reference) <= 100),
    idempotency_key  text,
    request_hash     text,
    whapi_message_id text,
    -- ACCEPTED: WHAPI took it; SENT, DELIVERED, READ from its "statuses" webhooks (only ever up);
    -- FAILED: WHAPI refused it; UNCONFIRMED: the call's answer was lost (it may or may not have left)
    status           text not null constraint channel_message_status_known
                         check (status in ('PENDING', 'ACCEPTED', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'UNCONFIRMED')),
    failure          text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    constraint channel_message_idempotency_key_once unique (channel_id, idempotency_key),
    constraint channel_message_whapi_id_once unique (whapi_message_id)
);
create index channel_message_history on channel_message (channel_id, created_at desc, id);
create index channel_message_chat_history on channel_message (channel_id, chat_id, created_at desc);

create function channel_message_rank(status text) returns int language sql immutable as $$
    select case status when 'ACCEPTED' then 1 when 'SENT' then 2 when 'DELIVERED' then 3 when 'READ' then 4 else 0 end
$$;

-- WHAPI's statuses, stored before the webhook is acknowledged, keyed by WHAPI's message id: a
-- status that arrives before the send's own answer was stored is kept, and applied when it is.
create table whapi_message_status (
    whapi_message_id text not null,
    status           text not null constraint whapi_message_status_known check (status in ('SENT', 'DELIVERED', 'READ', 'FAILED')),
    occurred_at      timestamptz not null,
    received_at      timestamptz not null,
    primary key (whapi_message_id, status)
);

-- TRIAL channels: WHAPI allows 150 messages a day and 5 chats a month. Counted here, before the
-- call, so a customer gets a clear refusal instead of WHAPI's failure.
create table trial_day_usage (
    channel_id uuid not null references channel (id),
    day        date not null,
    messages   int  not null constraint trial_day_usage_not_negative check (messages >= 0),
    primary key (channel_id, day)
);
create table trial_month_chat (
    channel_id uuid not null references channel (id),
    month      date not null,
    chat_id    text not null,
    primary key (channel_id, month, chat_id)
);
