-- Bulk actions over many channels, run as a job (docs/channels.md, "Bulk actions"): one row per job,
-- one per channel it touches, fixed when the job is accepted. Items are claimed like extension
-- requests (SKIP LOCKED, a lease, a claim token that fences a worker whose lease was taken over), so a
-- job survives a restart of its service and does no channel twice.
create table bulk_job (
    id              uuid primary key,
    action          text        not null
        constraint bulk_job_action_known check (action in ('RESTART', 'PAUSE', 'RESUME', 'DELETE')),
    -- a customer's job touches its own channels only; an operator's (null) any customer's
    customer_id     text,
    requested_by    text        not null,
    idempotency_key text,
    created_at      timestamptz not null,
    finished_at     timestamptz,
    -- a repeated request (same caller, same key) answers with the job it created
    constraint bulk_job_one_per_key unique (requested_by, idempotency_key)
);

create table bulk_job_item (
    job_id      uuid        not null references bulk_job (id),
    channel_id  uuid        not null,
    position    int         not null,
    state       text        not null default 'PENDING'
        constraint bulk_job_item_state_known check (state in ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    claim_token uuid,
    -- RUNNING: the claim's end; PENDING: not before (a temporary refusal's Retry-After)
    not_before  timestamptz,
    attempts    int         not null default 0,
    -- the action may have reached WHAPI: a restart is not sent again after a crash
    started_at  timestamptz,
    outcome     text,
    detail      text,
    finished_at timestamptz,
    primary key (job_id, channel_id),
    constraint bulk_job_item_finished_has_outcome
        check (state not in ('DONE', 'FAILED') or (outcome is not null and finished_at is not null)),
    constraint bulk_job_item_running_is_claimed check (state <> 'RUNNING' or (claim_token is not null and not_before is not null))
);

create index bulk_job_item_due on bulk_job_item (not_before nulls first) where state in ('PENDING', 'RUNNING');
