-- API keys: a customer's own systems (a chatbot server, a CRM) call the API without a person's
-- login (docs/identity.md). The key itself is shown once and never stored: only its SHA-256 (the
-- key has 256 random bits, so a fast hash is as good as a slow one) and a short prefix for display.
create table api_key (
    id           uuid primary key,
    customer_id  text not null,
    name         text not null constraint api_key_name_length check (length(name) between 1 and 100),
    prefix       text not null constraint api_key_prefix_shape check (prefix ~ '^rk_live_[A-Za-z0-9_-]{4}$'),
    secret_hash  bytea not null constraint api_key_hash_is_sha256 check (length(secret_hash) = 32),
    -- what the key may do: the gateway enforces them per route (Routes: a scope beside the roles)
    scopes       text[] not null constraint api_key_scopes_known check (
                     cardinality(scopes) > 0 and scopes <@ array['billing:read', 'billing:write', 'channels:read',
                     'channels:write', 'messages:read', 'messages:send', 'webhooks:manage']::text[]),
    -- null: every channel of the customer; otherwise only these (any other answers 404)
    channel_ids  uuid[] constraint api_key_channels_not_empty check (channel_ids is null or cardinality(channel_ids) > 0),
    expires_at   timestamptz,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    constraint api_key_hash_unique unique (secret_hash),
    constraint api_key_revoked_by_someone check ((revoked_at is null) = (revoked_by is null)),
    constraint api_key_expires_after_creation check (expires_at is null or expires_at > created_at)
);

create index api_key_of_customer on api_key (customer_id, created_at desc);
